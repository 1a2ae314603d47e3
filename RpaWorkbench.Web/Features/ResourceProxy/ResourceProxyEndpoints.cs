using RpaWorkbench.Core.ApiKeys;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using RpaWorkbench.Web.Features.ApiDocs;
using RpaWorkbench.Core.Storage.Proxy;

namespace RpaWorkbench.Web.Features.ResourceProxy;

/// <summary>
/// <c>GET /api/v1/resources/proxy?url=</c> (shown inline, e.g. a screenshot) and <c>…/proxy/download?url=</c> (an
/// attachment): a robot's screenshot or log URL fetched through the Workbench, so the browser needs no storage
/// credentials. For signed-in people and for keys with a Workbench role (viewer and up); robot keys are refused (403):
/// robots have the URLs themselves.
/// The rules are <see cref="ResourceFetcher"/>'s; this maps its outcome to problem details or streams the body.
/// </summary>
public static class ResourceProxyEndpoints
{
    public const string ProxyPath = "/api/v1/resources/proxy";
    public const string DownloadPath = ProxyPath + "/download";

    /// <summary>No scripts, plugins, styles or frames, and a sandbox should the browser render the content anyway.</summary>
    public const string ContentSecurityPolicy = "default-src 'none'; sandbox; frame-ancestors 'none'";

    /// <summary>The proxy path for a URL, inline or as a download.</summary>
    public static string PathFor(string url, bool download = false) =>
        $"{(download ? DownloadPath : ProxyPath)}?{ResourceUrlPolicy.Field}={Uri.EscapeDataString(url)}";

    public static IEndpointRouteBuilder MapResourceProxy(this IEndpointRouteBuilder endpoints)
    {
        var proxy = endpoints.MapGroup(ProxyPath)
            .RequireAuthorization(SecuritySetup.SessionOrApiKeyPolicy)
            .Needs(ApiKeyScopes.Viewer)
            .WithMetadata(new ContentSecurityPolicyMetadata(ContentSecurityPolicy))
            .WithTags("Resources")
            .ProducesProblems([StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden], StatusCodes.Status401Unauthorized,
                StatusCodes.Status404NotFound, StatusCodes.Status502BadGateway, StatusCodes.Status504GatewayTimeout);
        proxy.MapGet("", (HttpContext context, ResourceFetcher fetcher, [FromQuery(Name = ResourceUrlPolicy.Field)] string? url) => ServeAsync(context, fetcher, download: false))
            .Produces<Stream>(contentType: "application/octet-stream")
            .WithName("proxy-resource").WithSummary("A robot's screenshot or log, fetched through the Workbench and shown inline");
        proxy.MapGet("/download", (HttpContext context, ResourceFetcher fetcher, [FromQuery(Name = ResourceUrlPolicy.Field)] string? url) => ServeAsync(context, fetcher, download: true))
            .Produces<Stream>(contentType: "application/octet-stream")
            .WithName("download-resource").WithSummary("A robot's screenshot or log, fetched through the Workbench as an attachment");
        return endpoints;
    }

    private static async Task<IResult> ServeAsync(HttpContext context, ResourceFetcher fetcher, bool download)
    {
        var url = context.Request.Query[ResourceUrlPolicy.Field];
        if (url.Count > 1)
        {
            return UrlProblem(context, StatusCodes.Status400BadRequest, "Give one URL, not several.");
        }

        ResourceFetch fetch;
        try
        {
            fetch = await fetcher.FetchAsync(url.ToString(), context.RequestAborted);
        }
        catch (AccessDeniedException ex)
        {
            return ApiProblems.Status(context, StatusCodes.Status403Forbidden, "Forbidden", ex.Message);
        }

        return fetch switch
        {
            { Resource: { } resource } => new ProxiedResourceResult(resource, download),
            { Outcome: ResourceFetchOutcome.InvalidUrl } => UrlProblem(context, StatusCodes.Status400BadRequest, fetch.Message),
            { Outcome: ResourceFetchOutcome.NotAllowed } => UrlProblem(context, StatusCodes.Status403Forbidden, fetch.Message),
            _ => Problem(context, fetch),
        };
    }

    /// <summary>The problem details for an outcome that is not about the URL's form: 404, 502 or 504.</summary>
    public static IResult Problem(HttpContext context, ResourceFetch fetch) => fetch.Outcome switch
    {
        ResourceFetchOutcome.NotFound => ApiProblems.Status(context, StatusCodes.Status404NotFound, "Not found", fetch.Message),
        ResourceFetchOutcome.TimedOut => ApiProblems.Status(context, StatusCodes.Status504GatewayTimeout, "Storage timed out", fetch.Message),
        ResourceFetchOutcome.TooLarge => ApiProblems.Status(context, StatusCodes.Status502BadGateway, "Resource too large", fetch.Message),
        _ => ApiProblems.Status(context, StatusCodes.Status502BadGateway, "Storage failed", fetch.Message),
    };

    private static JsonHttpResult<HttpValidationProblemDetails> UrlProblem(HttpContext context, int status, string message) =>
        ApiProblems.Field(context, status, new Dictionary<string, string[]> { [ResourceUrlPolicy.Field] = [message] },
            status == StatusCodes.Status400BadRequest ? "The URL is not valid." : "The URL is not allowed.");
}
