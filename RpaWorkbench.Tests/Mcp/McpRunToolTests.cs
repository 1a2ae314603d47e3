using System.Globalization;
using System.Text.Json;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Tests.Webhooks;

namespace RpaWorkbench.Tests.Mcp;

/// <summary>
/// get_run, search_runs, failure_summary and dashboard_stats through the SDK's client with a viewer key, over runs
/// that arrived through the real webhook (start times in Asia/Shanghai, answers in UTC).
/// </summary>
public sealed class McpRunToolTests(McpHost host) : IClassFixture<McpHost>
{
    private const string LoginMissing = "元素未找到：登录按钮";
    private const string NetworkTimeout = "网络超时";

    [Fact]
    public async Task GetRun_RunWithScreenshotAndLog_EveryFieldAndLinksThroughTheProxy()
    {
        var robot = WebhookPayloads.NewAccount();
        var (accountId, taskId) = await host.AddRobotAsync(robot);
        await host.PostRunAsync(robot, outputs: new() { ["订单数"] = 42 });
        await using var client = await host.ConnectAsync(ApiKeyScopes.Viewer);
        var id = (await McpHost.CallAsync(client, "search_runs", new() { ["account"] = robot })).GetProperty("runs")[0].GetProperty("id").GetInt64();

        var run = await McpHost.CallAsync(client, "get_run", new() { ["run_id"] = id });

        Assert.Equal(id, run.GetProperty("id").GetInt64());
        Assert.Equal(robot, run.GetProperty("shadow_bot_account").GetString());
        Assert.Equal("云仓收藏", run.GetProperty("app_name").GetString());
        Assert.Equal("completed", run.GetProperty("status").GetString());
        Assert.Equal("2026-01-27T02:00:00Z", run.GetProperty("start_time").GetString());
        Assert.Equal("2026-01-27T02:30:00Z", run.GetProperty("end_time").GetString());
        Assert.Equal(1800, run.GetProperty("duration_seconds").GetDouble());
        Assert.Equal(50, run.GetProperty("total_items").GetInt32());
        Assert.Equal(48, run.GetProperty("success_items").GetInt32());
        Assert.Equal(2, run.GetProperty("failed_items").GetInt32());
        Assert.Equal(taskId, run.GetProperty("task_id").GetInt64());
        Assert.Equal(accountId, run.GetProperty("account_id").GetInt64());
        var output = Assert.Single(run.GetProperty("outputs").EnumerateArray());
        Assert.Equal(("订单数", "42", "str"), (output.GetProperty("name").GetString(), output.GetProperty("value").GetString(), output.GetProperty("type").GetString()));
        var site = host.App.BaseUrl.ToString();
        Assert.Equal($"{site}logs/{id}", run.GetProperty("detail_url").GetString());
        Assert.Equal($"{site}api/v1/resources/proxy?url=https%3A%2F%2Fbucket.oss-cn-hangzhou.aliyuncs.com%2Frun%2F123%2Fscreenshot.png",
            run.GetProperty("screenshot_url").GetString());
        Assert.Equal($"{site}api/v1/resources/proxy/download?url=https%3A%2F%2Fbucket.oss-cn-hangzhou.aliyuncs.com%2Frun%2F123%2Flog.txt",
            run.GetProperty("log_url").GetString());
    }

    [Fact]
    public async Task GetRun_UnknownId_ToolErrorNamingTheArgument()
    {
        await using var client = await host.ConnectAsync(ApiKeyScopes.Viewer);

        var message = await McpHost.RefusedAsync(client, "get_run", new() { ["run_id"] = 987654321 });

        Assert.Equal("Invalid arguments: run_id: No run has id 987654321; search_runs finds runs and their ids.", message);
    }

    [Fact]
    public async Task SearchRuns_Filters_NewestFirstWithTotal()
    {
        var robot = await RobotWithRunsAsync();
        await using var client = await host.ConnectAsync(ApiKeyScopes.Viewer);

        var failed = await McpHost.CallAsync(client, "search_runs", new() { ["account"] = robot, ["status"] = "failed" });
        var fromNoon = await McpHost.CallAsync(client, "search_runs", new() { ["account"] = robot, ["from"] = "2026-01-27T04:00:00Z" });
        var beforeEleven = await McpHost.CallAsync(client, "search_runs", new() { ["account"] = robot, ["to"] = "2026-01-27T11:00:00+08:00" });
        var text = await McpHost.CallAsync(client, "search_runs", new() { ["account"] = robot, ["text"] = "登录" });
        var first = await McpHost.CallAsync(client, "search_runs", new() { ["account"] = robot, ["app"] = "云仓收藏", ["limit"] = 1 });

        Assert.Equal(4, failed.GetProperty("total").GetInt32());
        Assert.False(failed.GetProperty("total_is_lower_bound").GetBoolean());
        Assert.Equal(["2026-01-27T06:00:00Z", "2026-01-27T05:00:00Z", "2026-01-27T04:00:00Z", "2026-01-27T03:00:00Z"], Starts(failed));
        Assert.All(failed.GetProperty("runs").EnumerateArray(), r => Assert.Equal("failed", r.GetProperty("status").GetString()));
        Assert.Equal(["2026-01-27T06:00:00Z", "2026-01-27T05:00:00Z", "2026-01-27T04:00:00Z"], Starts(fromNoon));
        Assert.Equal(["2026-01-27T02:00:00Z"], Starts(beforeEleven));
        Assert.Equal(3, text.GetProperty("total").GetInt32());
        Assert.Equal(LoginMissing, text.GetProperty("runs")[0].GetProperty("error_message").GetString());
        Assert.Equal(5, first.GetProperty("total").GetInt32());
        Assert.Equal(["2026-01-27T06:00:00Z"], Starts(first));
    }

    [Theory]
    [InlineData("limit", 0, "limit: Must be between 1 and 100; was 0.")]
    [InlineData("limit", 1000, "limit: Must be between 1 and 100; was 1000.")]
    [InlineData("status", "broken", "status: 'broken' is not one of completed, failed, stopped, timed_out, lost.")]
    [InlineData("from", "yesterday", "from: 'yesterday' is not an ISO-8601 time such as 2026-12-01T08:00:00Z.")]
    public async Task SearchRuns_BadArgument_ToolErrorNamingIt(string name, object value, string expected)
    {
        await using var client = await host.ConnectAsync(ApiKeyScopes.Viewer);

        var message = await McpHost.RefusedAsync(client, "search_runs", new() { [name] = value });

        Assert.Equal("Invalid arguments: " + expected, message);
    }

    [Theory]
    [InlineData("search_runs")]
    [InlineData("failure_summary")]
    public async Task Window_FromAfterTo_ToolErrorNamingTo(string tool)
    {
        await using var client = await host.ConnectAsync(ApiKeyScopes.Viewer);

        var message = await McpHost.RefusedAsync(client, tool, new() { ["from"] = "2026-01-28T00:00:00Z", ["to"] = "2026-01-27T00:00:00Z" });

        Assert.Equal("Invalid arguments: to: Must not be before 'from'.", message);
    }

    [Fact]
    public async Task FailureSummary_Window_TopReasonsWithCountsAndNewestExamples()
    {
        var robot = await RobotWithRunsAsync();
        await using var client = await host.ConnectAsync(ApiKeyScopes.Viewer);
        var runs = await McpHost.CallAsync(client, "search_runs", new() { ["account"] = robot, ["text"] = "登录" });
        var loginRuns = runs.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("id").GetInt64()).ToList();

        var summary = await McpHost.CallAsync(client, "failure_summary",
            new() { ["from"] = "2026-01-27T00:00:00Z", ["to"] = "2026-01-28T00:00:00Z", ["account"] = robot });

        Assert.Equal("2026-01-27T00:00:00Z", summary.GetProperty("from").GetString());
        Assert.Equal("2026-01-28T00:00:00Z", summary.GetProperty("to").GetString());
        Assert.Equal(robot, summary.GetProperty("account").GetString());
        Assert.Equal(4, summary.GetProperty("failures_counted").GetInt32());
        Assert.False(summary.GetProperty("truncated").GetBoolean());
        var reasons = summary.GetProperty("reasons").EnumerateArray().ToList();
        Assert.Equal([LoginMissing, NetworkTimeout], reasons.Select(r => r.GetProperty("message").GetString()));
        Assert.Equal([3, 1], reasons.Select(r => r.GetProperty("count").GetInt32()));
        Assert.Equal("2026-01-27T06:00:00Z", reasons[0].GetProperty("last_seen").GetString());
        Assert.Equal(loginRuns, reasons[0].GetProperty("example_run_ids").EnumerateArray().Select(e => e.GetInt64()));
    }

    [Fact]
    public async Task FailureSummary_Days_CountsOnlyTheLastDays()
    {
        var robot = WebhookPayloads.NewAccount();
        await host.AddRobotAsync(robot);
        await host.PostRunAsync(robot, "failed", NetworkTimeout);
        await host.PostRunAsync(robot, "failed", NetworkTimeout, start: ShanghaiTime(DateTime.UtcNow.AddDays(-2)));
        await using var client = await host.ConnectAsync(ApiKeyScopes.Viewer);

        var lastWeek = await McpHost.CallAsync(client, "failure_summary", new() { ["account"] = robot });
        var lastDay = await McpHost.CallAsync(client, "failure_summary", new() { ["account"] = robot, ["days"] = 1 });
        var refused = await McpHost.RefusedAsync(client, "failure_summary", new() { ["days"] = 91 });

        Assert.Equal(1, lastWeek.GetProperty("failures_counted").GetInt32());
        Assert.Equal(1, lastWeek.GetProperty("reasons")[0].GetProperty("count").GetInt32());
        Assert.Equal(0, lastDay.GetProperty("failures_counted").GetInt32());
        Assert.Empty(lastDay.GetProperty("reasons").EnumerateArray());
        Assert.Equal("Invalid arguments: days: Must be between 1 and 90; was 91.", refused);
    }

    [Fact]
    public async Task DashboardStats_AccountFilter_TheDashboardsNumbersForThePeriod()
    {
        var robot = WebhookPayloads.NewAccount();
        await host.AddRobotAsync(robot);
        var twoDaysAgo = ShanghaiTime(DateTime.UtcNow.AddDays(-2));
        await host.PostRunAsync(robot, start: twoDaysAgo);
        await host.PostRunAsync(robot, "failed", LoginMissing, start: twoDaysAgo);
        await using var client = await host.ConnectAsync(ApiKeyScopes.Viewer);

        var stats = await McpHost.CallAsync(client, "dashboard_stats", new() { ["account"] = robot });
        var refused = await McpHost.RefusedAsync(client, "dashboard_stats", new() { ["days"] = 8 });

        var cards = stats.GetProperty("cards");
        Assert.Equal(1, cards.GetProperty("robots_total").GetInt32());
        Assert.Equal(1800, cards.GetProperty("average_duration_seconds").GetDouble());
        Assert.Equal(100, cards.GetProperty("items_processed").GetInt64());
        Assert.Equal(7, stats.GetProperty("trend").GetArrayLength());
        Assert.Equal(1, stats.GetProperty("trend").EnumerateArray().Sum(d => d.GetProperty("completed").GetInt32()));
        Assert.Equal(1, stats.GetProperty("trend").EnumerateArray().Sum(d => d.GetProperty("failed").GetInt32()));
        var app = Assert.Single(stats.GetProperty("slowest_apps").EnumerateArray().ToList());
        Assert.Equal("云仓收藏", app.GetProperty("name").GetString());
        Assert.Equal(2, app.GetProperty("runs").GetInt32());
        Assert.Equal(0.5, app.GetProperty("success_rate").GetDouble());
        Assert.Equal(robot, Assert.Single(stats.GetProperty("slowest_accounts").EnumerateArray().ToList()).GetProperty("name").GetString());
        var failure = Assert.Single(stats.GetProperty("top_failures").EnumerateArray().ToList());
        Assert.Equal(LoginMissing, failure.GetProperty("message").GetString());
        Assert.Equal(1, failure.GetProperty("count").GetInt32());
        Assert.Equal("Invalid arguments: days: Choose one of 7, 30, 90 days.", refused);
    }

    // Five runs on 2026-01-27 (Asia/Shanghai, UTC+8): completed at 10:00 (02:00Z), then failed at 11:00 and 12:00 (login
    // button missing), 13:00 (network timeout) and 14:00 (login button missing, 06:00Z).
    private async Task<string> RobotWithRunsAsync()
    {
        var robot = WebhookPayloads.NewAccount();
        await host.AddRobotAsync(robot);
        await host.PostRunAsync(robot, start: "2026-01-27 10:00:00");
        await host.PostRunAsync(robot, "failed", LoginMissing, start: "2026-01-27 11:00:00");
        await host.PostRunAsync(robot, "failed", LoginMissing, start: "2026-01-27 12:00:00");
        await host.PostRunAsync(robot, "failed", NetworkTimeout, start: "2026-01-27 13:00:00");
        await host.PostRunAsync(robot, "failed", LoginMissing, start: "2026-01-27 14:00:00");
        return robot;
    }

    private static List<string?> Starts(JsonElement list) =>
        [.. list.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("start_time").GetString())];

    private static string ShanghaiTime(DateTime utc) => utc.AddHours(8).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
