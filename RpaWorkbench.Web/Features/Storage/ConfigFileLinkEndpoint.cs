using RpaWorkbench.Core.Storage;
using RpaWorkbench.Web.Features.ApiDocs;

namespace RpaWorkbench.Web.Features.Storage;

/// <summary>
/// <c>GET /api/v1/resources/config-files/{token}</c>: a config file through a link from <see cref="ConfigFileLinks"/>,
/// for a robot's plain download (no key or session: the token is the credential). An altered or foreign token is 404,
/// an expired one 410; neither says anything about the file.
/// </summary>
public static class ConfigFileLinkEndpoint
{
    public static IEndpointConventionBuilder MapConfigFileLinks(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/" + ConfigFileLinks.PathPrefix + "{token}", DownloadAsync)
            .AllowAnonymous()
            .WithMetadata(new CapabilityUrlAttribute())
            .WithTags("Robot config")
            .WithName("download-config-file-link")
            .WithSummary("A config file through a time-limited link (the token is the credential)")
            .Produces<Stream>(contentType: "application/octet-stream")
            .ProducesProblems([], StatusCodes.Status404NotFound, StatusCodes.Status410Gone, StatusCodes.Status503ServiceUnavailable);

    private static async Task<IResult> DownloadAsync(
        string token, HttpContext context, ConfigFileLinks links, ConfigFileService files, ILoggerFactory loggers, CancellationToken cancellationToken) =>
        links.Read(token, out var key) switch
        {
            ConfigFileTokenState.Valid => await StoredObjectResponse.SendAsync(context, key, () => files.OpenAsync(key, cancellationToken),
                loggers.CreateLogger(typeof(ConfigFileLinkEndpoint))),
            ConfigFileTokenState.Expired => ApiProblems.Status(context, StatusCodes.Status410Gone, "Link expired",
                "This config file link has expired; ask for a new one (POST /api/v1/resources/config/get)."),
            _ => ApiProblems.Status(context, StatusCodes.Status404NotFound, "Not found", "This config file link is not valid."),
        };
}
