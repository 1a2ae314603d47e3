using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Tests.Alerts;

namespace RpaWorkbench.Tests.Mcp;

/// <summary>list_alerts through the SDK's client: filters, the language of the words, message counts, bad arguments refused.</summary>
public sealed class McpAlertToolTests(McpHost host) : IClassFixture<McpHost>
{
    [Fact]
    public async Task ListAlerts_FiringCritical_InChinese_WithMessageCounts()
    {
        var seeded = await HistorySeed.RaiseAsync(host.App.Services, "MCP告警", TestContext.Current.CancellationToken);
        await using var viewer = await host.ConnectAsync(ApiKeyScopes.Viewer);

        var listed = await McpHost.CallAsync(viewer, "list_alerts", new() { ["state"] = "firing", ["severity"] = "critical", ["language"] = "zh-CN" });

        var alert = listed.GetProperty("alerts").EnumerateArray().Single(a => a.GetProperty("id").GetInt64() == seeded.FiringId);
        Assert.Equal(("任务连续失败 3 次：日报下载", "failures_in_a_row", "task:7", "MCP告警 连续失败"),
            (alert.GetProperty("title").GetString(), alert.GetProperty("kind").GetString(), alert.GetProperty("subject").GetString(), alert.GetProperty("rule").GetString()));
        Assert.Equal(["机器人：tygj001", "最近错误：登录超时"], alert.GetProperty("lines").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal((1, 0), (alert.GetProperty("delivered").GetInt32(), alert.GetProperty("failed").GetInt32()));
        Assert.DoesNotContain(listed.GetProperty("alerts").EnumerateArray(), a => a.GetProperty("id").GetInt64() == seeded.OccurredId);
    }

    [Fact]
    public async Task ListAlerts_BadStateOrLimit_RefusedNamingTheArgument()
    {
        await using var viewer = await host.ConnectAsync(ApiKeyScopes.Viewer);

        var badState = await McpHost.RefusedAsync(viewer, "list_alerts", new() { ["state"] = "burning" });
        var badLimit = await McpHost.RefusedAsync(viewer, "list_alerts", new() { ["limit"] = 0 });

        Assert.Contains("state", badState, StringComparison.Ordinal);
        Assert.Contains("limit", badLimit, StringComparison.Ordinal);
    }
}
