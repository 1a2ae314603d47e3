using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;

namespace RpaWorkbench.Web.Features.ApiDocs;

/// <summary>
/// The request body an endpoint reads itself (robots' routes parse their bodies by hand, leniently), for the document
/// only: unlike <c>Accepts&lt;T&gt;</c> it adds no content-type matching to routing, which would answer 415 before the
/// endpoint's own key check and problem details. <paramref name="Required"/> false: the route also takes no body at all.
/// </summary>
public sealed record ApiRequestBody(Type Type, string ContentType = "application/json", bool Required = true);

/// <summary>An example for the document: of the request body when <paramref name="Status"/> is null, else of that response.</summary>
public sealed record ApiExample(string Name, string Summary, string Json, int? Status = null)
{
    private static readonly JsonSerializerOptions AnswerShape = ApiDocsSetup.UseApiJson(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    // A request shows only the fields it sets: null and left out mean the same to the REST routes.
    private static readonly JsonSerializerOptions RequestShape = new(AnswerShape) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>
    /// An example from a body or answer object, in the API's JSON shape (snake_case, enums as strings): an answer as the
    /// route sends it, a request body without its null fields.
    /// </summary>
    public static ApiExample Of(string name, string summary, object value, int? status = null) =>
        new(name, summary, JsonSerializer.Serialize(value, status is null ? RequestShape : AnswerShape), status);
}

/// <summary>Declares an endpoint's answers for the document, as the code really gives them.</summary>
public static class ApiDocConventions
{
    private static readonly string[] ProblemContentType = ["application/problem+json"];

    /// <summary>
    /// The problem-details answers of a route: 400 and others that name fields carry <c>errors</c>
    /// (<see cref="HttpValidationProblemDetails"/>), the rest are plain <see cref="ProblemDetails"/>.
    /// </summary>
    public static TBuilder ProducesProblems<TBuilder>(this TBuilder builder, int[] withFieldErrors, params int[] plain)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(
        [
            .. withFieldErrors.Select(s => new ProducesResponseTypeMetadata(s, typeof(HttpValidationProblemDetails), ProblemContentType)),
            .. plain.Select(s => new ProducesResponseTypeMetadata(s, typeof(ProblemDetails), ProblemContentType)),
        ]);
}

/// <summary>
/// The least a caller needs for a route (<c>viewer</c>, <c>operator</c>, <c>admin</c> — a key's scope or a user's role;
/// <c>robot</c> for robot-only routes), and whether robot keys may call it too. The Core decides; this says so in the
/// document, and the role-matrix test checks every route answers as declared.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class NeedsScopeAttribute(string scope, bool robotsToo = false) : Attribute
{
    public string Scope { get; } = scope;

    public bool RobotsToo { get; } = robotsToo;
}

/// <summary>Declares <see cref="NeedsScopeAttribute"/> on a route.</summary>
public static class ApiScopeConventions
{
    public static TBuilder Needs<TBuilder>(this TBuilder builder, string scope, bool robotsToo = false) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new NeedsScopeAttribute(scope, robotsToo));
}

/// <summary>
/// A query-string value a route reads itself (so a bad one is refused naming it, not by model binding), for the
/// document only: its name and what it takes.
/// </summary>
public sealed record ApiQueryParameter(string Name, string Description);

/// <summary>Declares <see cref="ApiQueryParameter"/>s on a route.</summary>
public static class ApiQueryConventions
{
    public static TBuilder TakesQuery<TBuilder>(this TBuilder builder, params (string Name, string Description)[] parameters)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata([.. parameters.Select(p => new ApiQueryParameter(p.Name, p.Description))]);
}
