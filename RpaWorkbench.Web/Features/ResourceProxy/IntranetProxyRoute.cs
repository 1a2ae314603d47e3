using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Web.Features.ApiDocs;
using RpaWorkbench.Web.Infrastructure.Api;

namespace RpaWorkbench.Web.Features.ResourceProxy;

/// <summary>
/// <c>GET /api/v1/resources/proxy/intranet</c>, the old system's pass-through to robots behind its intranet tunnel, is
/// retired: the Workbench reaches such robots itself (<c>Workbench:Robots:Mode=Tunnel</c>) and fetches run files through
/// <c>/api/v1/resources/proxy</c>. Old scripts get 410 saying so, not a bare 404.
/// </summary>
public static class IntranetProxyRoute
{
    public const string Path = ResourceProxyEndpoints.ProxyPath + "/intranet";

    public static void MapIntranetProxyRoute(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet(Path, Gone)
            .RequireAuthorization(SecuritySetup.SessionOrApiKeyPolicy)
            .AddEndpointFilter<CoreFailureFilter>()
            .Needs(ApiKeyScopes.Viewer)
            .WithTags("Resources")
            .WithName("intranet-proxy-retired")
            .WithSummary("Retired: the old intranet pass-through (410); robots behind a tunnel are reached with Robots:Mode=Tunnel")
            .ProducesProblems([], StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status410Gone);

    private static JsonHttpResult<ProblemDetails> Gone(HttpContext context, ICurrentUser user)
    {
        user.RequireRead();
        return ApiProblems.Status(context, StatusCodes.Status410Gone, "This route is retired",
            "The Workbench reaches robots behind an intranet tunnel itself (setting Workbench:Robots:Mode=Tunnel with " +
            "Workbench:Robots:TunnelBaseUrl); start and stop them with POST /api/v1/tasks/{id}/start|stop, and fetch run files " +
            "with GET /api/v1/resources/proxy?url=. See docs/api.md.");
    }
}
