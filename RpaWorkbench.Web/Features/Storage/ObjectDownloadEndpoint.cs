using RpaWorkbench.Core.Storage;
using RpaWorkbench.Web.Features.Diagnostics;
using RpaWorkbench.Web.Features.Security;

namespace RpaWorkbench.Web.Features.Storage;

/// <summary>
/// <c>GET /api/v1/resources/objects/{key}</c>: a stored object through the Workbench, for signed-in operators and for
/// robots with an API key (they pull their config files here when the storage is the local folder). Always an
/// attachment, with the stored content type only when browsers would not run it.
/// </summary>
public static class ObjectDownloadEndpoint
{
    public const string PathPrefix = "/api/v1/resources/objects/";

    /// <summary>The download path of a key (keys need no escaping: <see cref="ObjectKeys.Rule"/>).</summary>
    public static string PathFor(string key) => PathPrefix + key;

    public static IEndpointConventionBuilder MapObjectDownloads(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet(PathPrefix + "{**key}", DownloadAsync).RequireAuthorization(SecuritySetup.SessionOrApiKeyPolicy);

    private static async Task<IResult> DownloadAsync(
        string key, HttpContext context, IObjectStore store, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (!ObjectKeys.IsValid(key))
        {
            return ApiProblems.Validation(context, new Dictionary<string, string[]> { ["key"] = [$"An object key is {ObjectKeys.Rule}"] },
                "The object key is not valid.");
        }

        StoredObject? stored;
        try
        {
            stored = await store.GetAsync(key, cancellationToken);
        }
        catch (ObjectStoreUnavailableException ex)
        {
            // The details (paths, endpoint answers) go to the log, not to the caller.
            loggers.CreateLogger(typeof(ObjectDownloadEndpoint)).LogWarning(ex, "Download of {Key} failed: storage unavailable", key);
            context.Response.Headers.RetryAfter = "30";
            return ApiProblems.Status(context, StatusCodes.Status503ServiceUnavailable, "Storage unavailable",
                "The file storage could not be reached; try again later.");
        }

        if (stored is null)
        {
            return ApiProblems.Status(context, StatusCodes.Status404NotFound, "Not found", "No object is stored under this key.");
        }

        context.Response.RegisterForDisposeAsync(stored);
        context.Response.ContentLength = stored.Length;
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers.CacheControl = "private, no-store";
        return TypedResults.Stream(stored.Content, ContentTypes.ToServe(stored.ContentType), ObjectKeys.FileName(key));
    }
}
