using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Tests.Infrastructure;
using RpaWorkbench.Tests.Webhooks;

namespace RpaWorkbench.Tests.Dashboard;

/// <summary>
/// The Workbench at 2026-11-25 08:00Z (16:00 in Asia/Shanghai, the operators' and robots' zone) with seven runs sent
/// through the real webhook by two robots, and a third robot registered with a running task but never heard from.
/// </summary>
public sealed class DashboardApiApp : WebhookAppFactory, IAsyncLifetime
{
    public const string Finance = "tygj-dash-finance";
    public const string Warehouse = "tygj-dash-warehouse";

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero));

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        await this.RegisterAsync("tygj-dash-silent", "盘点", RobotTaskStatus.Running, ct);
        // (account, app, status, local start, seconds, total items, error)
        (string, string, string, string, int, int, string?)[] runs =
        [
            (Finance, "财务日报", "completed", "2026-11-25 09:00:00", 600, 10, null),
            (Finance, "财务日报", "failed", "2026-11-25 11:00:00", 300, 4, "登录失败"),
            (Warehouse, "云仓收藏", "completed", "2026-11-25 15:30:00", 60, 6, null),
            (Warehouse, "云仓收藏", "failed", "2026-11-25 15:20:00", 1200, 0, "登录失败"),
            (Finance, "财务日报", "completed", "2026-11-24 10:00:00", 1200, 5, null),
            (Warehouse, "云仓收藏", "failed", "2026-11-20 08:00:00", 100, 0, "网络超时"),
            (Finance, "财务日报", "completed", "2026-11-10 08:00:00", 300, 3, null),
        ];
        foreach (var (account, app, status, start, seconds, items, error) in runs)
        {
            var startTime = DateTime.ParseExact(start, "yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
            await this.PostAndLoadAsync(new Dictionary<string, object?>
            {
                ["shadow_bot_account"] = account,
                ["app_name"] = app,
                ["status"] = status,
                ["start_time"] = start,
                ["end_time"] = startTime.AddSeconds(seconds).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
                ["result_summary"] = new Dictionary<string, int> { ["total_items"] = items, ["success_items"] = status == "completed" ? items : 0 },
                ["error_message"] = error,
            }, ct);
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(_clock));
    }
}

/// <summary>
/// <c>GET /api/v1/dashboard/stats</c>, <c>/performance</c> and <c>/execution-rank</c> over real HTTP: the figures the
/// seven runs of <see cref="DashboardApiApp"/> imply, worked out by hand.
/// </summary>
public sealed class DashboardApiTests(DashboardApiApp app) : IClassFixture<DashboardApiApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Stats_LastSevenDays_TheCardsOfTheSeededRuns()
    {
        var stats = await JsonAsync("/api/v1/dashboard/stats");

        // Today (11-25): 2 of 4 completed; yesterday 1 of 1. The 11-10 run is outside the 7 days.
        Assert.Equal(6, (int)stats["runs"]!);
        Assert.Equal(4, (int)stats["runs_today"]!);
        Assert.Equal(0.5, (double)stats["success_rate_today"]!);
        Assert.Equal(1.0, (double)stats["success_rate_yesterday"]!);
        Assert.Equal(-0.5, (double)stats["success_rate_change"]!);
        Assert.Equal(3460.0 / 6, (double)stats["average_duration_seconds"]!, 6);
        Assert.Equal(25, (long)stats["items_processed"]!);
        // Both robots that called were heard "now"; the registered one never called.
        Assert.Equal((2, 3), ((int)stats["robots_online"]!, (int)stats["robots_total"]!));
        Assert.Equal(1, (int)stats["tasks_running"]!);
        // 15:00–16:00 local: the failed run that started 15:20.
        Assert.Equal(1, (int)stats["failures_last_hour"]!);
        Assert.Equal(new[] { "登录失败:2", "网络超时:1" }, stats["top_failures"]!.AsArray().Select(f => $"{(string?)f!["message"]}:{(int)f["count"]!}"));
        var period = stats["period"]!;
        Assert.Equal((7, "2026-11-19", "2026-11-25", "Asia/Shanghai"),
            ((int)period["days"]!, (string?)period["first_day"], (string?)period["last_day"], (string?)period["time_zone"]));
        Assert.Equal(("2026-11-18T16:00:00Z", "2026-11-25T16:00:00Z"), ((string?)period["from"], (string?)period["to"]));
    }

    [Fact]
    public async Task Stats_ThirtyDaysForOneAccount_OnlyItsRuns()
    {
        var stats = await JsonAsync($"/api/v1/dashboard/stats?days=30&account={DashboardApiApp.Finance}");

        Assert.Equal(4, (int)stats["runs"]!);
        Assert.Equal(2, (int)stats["runs_today"]!);
        Assert.Equal(22, (long)stats["items_processed"]!);
        Assert.Equal((1, 1), ((int)stats["robots_online"]!, (int)stats["robots_total"]!));
    }

    [Fact]
    public async Task Performance_SevenDays_RunsPerOperatorDay()
    {
        var days = (await JsonAsync("/api/v1/dashboard/performance"))["days"]!.AsArray();

        Assert.Equal(
            new[] { "2026-11-19 0/0/0", "2026-11-20 0/1/0", "2026-11-21 0/0/0", "2026-11-22 0/0/0", "2026-11-23 0/0/0", "2026-11-24 1/0/0", "2026-11-25 2/2/0" },
            days.Select(d => $"{(string?)d!["day"]} {(int)d["completed"]!}/{(int)d["failed"]!}/{(int)d["other"]!}"));
        Assert.Equal(4, (int)days[^1]!["runs"]!);
        Assert.Equal(("2026-11-24T16:00:00Z", "2026-11-25T16:00:00Z"), ((string?)days[^1]!["from"], (string?)days[^1]!["to"]));
    }

    [Fact]
    public async Task ExecutionRank_SevenDays_SlowestAverageFirst()
    {
        var rank = await JsonAsync("/api/v1/dashboard/execution-rank");

        var apps = rank["apps"]!.AsArray();
        Assert.Equal(new[] { "财务日报", "云仓收藏" }, apps.Select(a => (string?)a!["name"]));
        var finance = apps[0]!;
        Assert.Equal((3, 2, 1), ((int)finance["runs"]!, (int)finance["completed"]!, (int)finance["failed"]!));
        Assert.Equal(700, (double)finance["average_seconds"]!, 6);
        Assert.Equal(2.0 / 3, (double)finance["success_rate"]!, 6);
        // p95 from the roll-up's histogram: at least the exact nearest-rank p95 (1,200 s), less than 19% above it.
        Assert.InRange((double)finance["p95_seconds"]!, 1200, 1200 * 1.19);
        Assert.Equal(1360.0 / 3, (double)apps[1]!["average_seconds"]!, 6);
        Assert.Equal(new[] { DashboardApiApp.Finance, DashboardApiApp.Warehouse }, rank["accounts"]!.AsArray().Select(a => (string?)a!["name"]));
    }

    [Theory]
    [InlineData("/api/v1/dashboard/stats?days=8")]
    [InlineData("/api/v1/dashboard/performance?days=week")]
    [InlineData("/api/v1/dashboard/execution-rank?days=365")]
    public async Task Read_DaysNotARange_Returns422NamingDays(string path)
    {
        var response = await (await app.KeyClientAsync(ApiKeyScopes.Viewer)).GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["errors"]!["days"]);
    }

    [Fact]
    public async Task Read_RobotKey_Returns403()
    {
        var response = await (await app.KeyClientAsync(ApiKeyScopes.Robot)).GetAsync("/api/v1/dashboard/stats", Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private async Task<JsonNode> JsonAsync(string path)
    {
        var response = await (await app.KeyClientAsync(ApiKeyScopes.Viewer)).GetAsync(path, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
    }
}
