using System.Net;
using System.Text.Json.Nodes;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.ResourceProxy;

/// <summary>The old system's intranet pass-through answers 410 with where its job went, to signed-in callers only.</summary>
public sealed class IntranetProxyRouteTests(WebhookAppFactory app) : IClassFixture<WebhookAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task IntranetProxy_ViewerKey_Returns410ProblemNamingTheTunnelSetting()
    {
        var client = await app.KeyClientAsync(ApiKeyScopes.Viewer);

        var response = await client.GetAsync("/api/v1/resources/proxy/intranet?path=/yingdao/x", Ct);

        Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
        Assert.Contains("Workbench:Robots:Mode=Tunnel", (string?)problem["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task IntranetProxy_NoKey_Returns401()
    {
        var response = await app.CreateClient().GetAsync("/api/v1/resources/proxy/intranet", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
