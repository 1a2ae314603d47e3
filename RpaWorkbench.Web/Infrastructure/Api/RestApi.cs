using RpaWorkbench.Web.Features.ApiDocs;

namespace RpaWorkbench.Web.Infrastructure.Api;

/// <summary>
/// The REST v1 resources (docs/api-reference.md): each feature maps its routes in a group made here, so every route
/// takes a session or an API key, is rate limited per caller, answers Core refusals as problem details
/// (<see cref="CoreFailureFilter"/>) and declares those answers for the OpenAPI document.
/// </summary>
public static class RestApi
{
    public const string Prefix = "/api/v1";

    /// <summary>The largest JSON body a REST route reads (accounts, tasks, keys: a task's config JSON is the big one).</summary>
    public const int MaxBodyBytes = 256 * 1024;

    /// <summary>A group of routes under <c>/api/v1{path}</c>, shown under <paramref name="tag"/> in the document.</summary>
    public static RouteGroupBuilder MapRestGroup(this IEndpointRouteBuilder endpoints, string path, string tag)
    {
        var group = endpoints.MapGroup(Prefix + path);
        group.RequireAuthorization(SecuritySetup.SessionOrApiKeyPolicy)
            .RequireRateLimiting(RestRateLimitPolicy.Name)
            .AddEndpointFilter<CoreFailureFilter>()
            .WithTags(tag)
            .ProducesProblems([StatusCodes.Status400BadRequest], StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden,
                StatusCodes.Status429TooManyRequests);
        return group;
    }

    /// <summary>
    /// A route that reads a JSON body: its type (and <paramref name="examples"/>) for the document, its size limit, and the
    /// statuses reading it may answer.
    /// </summary>
    public static RouteHandlerBuilder ReadsJson<TBody>(this RouteHandlerBuilder route, params ApiExample[] examples) => route
        .WithMetadata([new ApiRequestBody(typeof(TBody)), new BodyLimitAttribute(MaxBodyBytes), .. examples])
        .ProducesProblems([StatusCodes.Status422UnprocessableEntity], StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType);
}
