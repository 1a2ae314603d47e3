using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Executions;

/// <summary>
/// Over 10,000 matching runs <c>GET /api/v1/logs</c> stops counting (docs/api-rest-logs-dashboard.md): <c>total</c> is
/// 10,000 and says it is a lower bound; a narrower filter is counted exactly again.
/// </summary>
public sealed class LogsApiCountCapTests(WebhookAppFactory app) : IClassFixture<WebhookAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task List_MoreThanTenThousandMatches_TotalIsALowerBound()
    {
        var stored = await app.Services.GetRequiredService<LogSeeder>().SeedAsync(10_200, seed: 21, progress: null, Ct);
        Assert.True(stored > 10_000, $"Only {stored} runs were seeded.");
        var client = await app.KeyClientAsync(ApiKeyScopes.Viewer);

        var all = JsonNode.Parse(await client.GetStringAsync("/api/v1/logs?page_size=5", Ct))!;
        var account = (string)all["items"]![0]!["shadow_bot_account"]!;
        var narrow = JsonNode.Parse(await client.GetStringAsync($"/api/v1/logs?account={account}&status=failed&page_size=200", Ct))!;

        Assert.Equal((10_000, true), ((int)all["total"]!, (bool)all["total_is_lower_bound"]!));
        Assert.Equal(5, all["items"]!.AsArray().Count);
        Assert.False((bool)narrow["total_is_lower_bound"]!);
        Assert.InRange((int)narrow["total"]!, 1, 200);
        Assert.Equal((int)narrow["total"]!, narrow["items"]!.AsArray().Count);
    }
}
