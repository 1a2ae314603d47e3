using Microsoft.AspNetCore.Http.Extensions;
using RpaWorkbench.Core.Storage;

namespace RpaWorkbench.Web.Features.Storage;

/// <summary>What the robot config APIs share: where the caller reached the Workbench, and the answer to each Core refusal.</summary>
internal static class RobotConfigProblems
{
    /// <summary>The base URL of this request (scheme from forwarded headers when they are trusted), for links in the reply.</summary>
    public static Uri? RequestBase(HttpRequest request) =>
        request.Host.HasValue && Uri.TryCreate(UriHelper.BuildAbsolute(request.Scheme, request.Host, request.PathBase, "/"), UriKind.Absolute, out var url)
            ? url
            : null;

    /// <summary>The problem for a Core exception these APIs expect, or null to let it surface.</summary>
    /// <param name="notFoundFields">The fields that named the task the Core did not find.</param>
    /// <param name="renameFields">Core field names to report as the caller spelled them.</param>
    public static IResult? For(HttpContext context, Exception exception, string[] notFoundFields, IReadOnlyDictionary<string, string>? renameFields = null) =>
        exception switch
        {
            ValidationFailedException refused => refused.Errors.Any(e => e.Code == ErrorCodes.FileTooLarge)
                ? ApiProblems.FieldStatus(context, StatusCodes.Status413PayloadTooLarge, "File too large; nothing was stored.", Errors(refused, renameFields))
                : ApiProblems.Validation(context, Errors(refused, renameFields), "One or more fields are invalid; nothing was changed."),
            RuleViolationException { Code: ErrorCodes.NotFound } missing => ApiProblems.FieldStatus(context, StatusCodes.Status404NotFound,
                "No such task", notFoundFields.ToDictionary(f => f, _ => new[] { missing.Message })),
            AccessDeniedException denied => ApiProblems.Status(context, StatusCodes.Status403Forbidden, "Forbidden", denied.Message),
            ObjectStoreUnavailableException => StorageUnavailable(context),
            _ => null,
        };

    private static Dictionary<string, string[]> Errors(ValidationFailedException refused, IReadOnlyDictionary<string, string>? rename) =>
        refused.Errors.GroupBy(e => rename?.GetValueOrDefault(e.Field) ?? e.Field)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray());

    private static Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<Microsoft.AspNetCore.Mvc.ProblemDetails> StorageUnavailable(HttpContext context)
    {
        context.Response.Headers.RetryAfter = "30";
        return ApiProblems.Status(context, StatusCodes.Status503ServiceUnavailable, "Storage unavailable",
            "The file storage could not be reached; nothing was changed. Try again later.");
    }
}
