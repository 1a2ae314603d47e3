using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace RpaWorkbench.Web.Infrastructure.Diagnostics;

/// <summary>RFC 7807 answers for the APIs, always with the request id, written as exactly these types.</summary>
public static class ApiProblems
{
    private const string ContentType = "application/problem+json";

    /// <summary>400 with <c>errors</c>: each bad field (as the caller spelled it) and what is wrong with it.</summary>
    public static JsonHttpResult<HttpValidationProblemDetails> Validation(HttpContext context, IDictionary<string, string[]> errors, string title) =>
        Field(context, StatusCodes.Status400BadRequest, errors, title);

    /// <summary>Any status with <c>errors</c> naming the field that caused it (e.g. 403 for a URL that is well formed but not allowed).</summary>
    public static JsonHttpResult<HttpValidationProblemDetails> Field(HttpContext context, int status, IDictionary<string, string[]> errors, string title) =>
        Write(context, new HttpValidationProblemDetails(errors) { Status = status, Title = title });

    /// <summary>400 naming every field the Core refused, with its message.</summary>
    public static JsonHttpResult<HttpValidationProblemDetails> Validation(HttpContext context, ValidationFailedException refused, string title) =>
        Validation(context, refused.Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()), title);

    /// <summary>Another status (404, 413) that is about particular fields, named in <c>errors</c> as for 400.</summary>
    public static JsonHttpResult<HttpValidationProblemDetails> FieldStatus(
        HttpContext context, int status, string title, IDictionary<string, string[]> errors) =>
        Write(context, new HttpValidationProblemDetails(errors) { Status = status, Title = title });

    public static JsonHttpResult<ProblemDetails> Status(HttpContext context, int status, string title, string detail) =>
        Write(context, new ProblemDetails { Status = status, Title = title, Detail = detail });

    private static JsonHttpResult<T> Write<T>(HttpContext context, T problem) where T : ProblemDetails
    {
        problem.Extensions["requestId"] = context.TraceIdentifier;
        return TypedResults.Json(problem, statusCode: problem.Status, contentType: ContentType);
    }
}
