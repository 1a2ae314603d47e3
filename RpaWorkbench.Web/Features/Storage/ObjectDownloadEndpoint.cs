using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Core.Storage;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Web.Features.ApiDocs;

namespace RpaWorkbench.Web.Features.Storage;

/// <summary>
/// <c>GET /api/v1/resources/objects/{key}</c>: a stored object through the Workbench, for signed-in users and for
/// API keys (robots pull their config files here when the storage is the local folder). A config file is refused to
/// viewers (403, as <c>config/get</c>: it may hold credentials); run files are for every Workbench role, not for robot
/// keys (403: robot keys open the robot-facing config routes only). Always an
/// attachment, with the stored content type only when browsers would not run it.
/// </summary>
public static class ObjectDownloadEndpoint
{
    public const string PathPrefix = StoredObjectLinks.PathPrefix;

    /// <summary>The download path of a key (keys need no escaping: <see cref="ObjectKeys.Rule"/>).</summary>
    public static string PathFor(string key) => StoredObjectLinks.PathFor(key);

    public static IEndpointConventionBuilder MapObjectDownloads(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet(PathPrefix + "{**key}", DownloadAsync).RequireAuthorization(SecuritySetup.SessionOrApiKeyPolicy)
            .WithTags("Robot config")
            .Needs(ApiKeyScopes.Viewer)
            .WithName("download-object")
            .WithSummary("A stored object (config file or run file) as an attachment")
            .Produces<Stream>(contentType: "application/octet-stream")
            .ProducesProblems([StatusCodes.Status400BadRequest], StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden,
                StatusCodes.Status404NotFound, StatusCodes.Status503ServiceUnavailable);

    private static async Task<IResult> DownloadAsync(
        string key, HttpContext context, IObjectStore store, TaskConfigService configs, ICurrentUser user, ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        if (!ObjectKeys.IsValid(key))
        {
            return ApiProblems.Validation(context, new Dictionary<string, string[]> { ["key"] = [$"An object key is {ObjectKeys.Rule}"] },
                "The object key is not valid.");
        }

        try
        {
            return await StoredObjectResponse.SendAsync(context, key,
                ObjectKeys.IsConfigFile(key) ? () => configs.OpenConfigFileAsync(key, cancellationToken) : () => ReadRunFileAsync(store, user, key, cancellationToken),
                loggers.CreateLogger(typeof(ObjectDownloadEndpoint)));
        }
        catch (AccessDeniedException denied)
        {
            return ApiProblems.Status(context, StatusCodes.Status403Forbidden, "Forbidden", denied.Message);
        }
    }

    private static Task<StoredObject?> ReadRunFileAsync(IObjectStore store, ICurrentUser user, string key, CancellationToken cancellationToken)
    {
        user.RequireRead();
        return store.GetAsync(key, cancellationToken);
    }
}
