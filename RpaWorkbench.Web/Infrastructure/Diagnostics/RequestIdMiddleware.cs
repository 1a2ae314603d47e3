using System.Buffers;
using Microsoft.AspNetCore.Http.Features;

namespace RpaWorkbench.Web.Infrastructure.Diagnostics;

/// <summary>
/// Gives every request an id: the caller's <c>X-Request-ID</c> when it is sane, otherwise a new one. The id is the
/// request's TraceIdentifier, echoed in the response header, put in a logging scope and in problem details.
/// </summary>
public sealed class RequestIdMiddleware(RequestDelegate next, ILogger<RequestIdMiddleware> logger)
{
    public const string HeaderName = "X-Request-ID";
    private const int MaxLength = 128;
    private static readonly SearchValues<char> AllowedCharacters =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:");

    public async Task InvokeAsync(HttpContext context)
    {
        var requestId = Accept(context.Request.Headers[HeaderName].ToString()) ?? Guid.CreateVersion7().ToString("N");
        context.TraceIdentifier = requestId;
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[HeaderName] = requestId;
            return Task.CompletedTask;
        });

        using (logger.BeginScope("XRequestId:{XRequestId}", requestId))
        {
            await next(context);
        }
    }

    /// <summary>Adds <c>requestId</c> to every problem details body.</summary>
    public static void AddToProblem(ProblemDetailsContext problem) =>
        problem.ProblemDetails.Extensions["requestId"] = problem.HttpContext.TraceIdentifier;

    // A caller's id is kept only if it cannot forge log lines or headers.
    private static string? Accept(string sent) =>
        sent.Length is > 0 and <= MaxLength && !sent.AsSpan().ContainsAnyExcept(AllowedCharacters) ? sent : null;
}
