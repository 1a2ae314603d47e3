using RpaWorkbench.Core.Common;
using RpaWorkbench.Core.Dashboard;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Core.Webhooks;
using RpaWorkbench.Tests.Infrastructure;
using static RpaWorkbench.Tests.Dashboard.DashboardRuns;

namespace RpaWorkbench.Tests.Dashboard;

/// <summary>
/// The dashboard's figures on a real SQLite file, written through the real ingest writer, against hand-computed values.
/// The fake clock starts at 2026-11-25 08:00Z = 16:00 in Asia/Shanghai, so "today" is 2026-11-25 from 2026-11-24 16:00Z.
/// </summary>
public abstract class DashboardServiceTests(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly DateOnly Today = new(2026, 11, 25);
    private CoreTestHost _host = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private DateTime Now => _host.Clock.GetUtcNow().UtcDateTime;

    private DashboardService Dashboard => _host.Get<DashboardService>();

    public async ValueTask InitializeAsync() => _host = await new CoreTestHost(provider).MigrateAsync();

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task EmptyDatabase_ZeroCountsNoRatesAndEmptyDaysNotErrors()
    {
        var snapshot = await Dashboard.GetAsync(new DashboardQuery(30), Ct);

        // No runs: nothing to divide, so no success rate or average (the page shows "—"), not 0.
        Assert.Equal(new DashboardCards(0, null, null, null, 0, 0, 0, 0, 0), snapshot.Cards);
        Assert.Null(snapshot.Cards.SuccessRateChange);
        Assert.Equal(30, snapshot.Trend.Count);
        Assert.All(snapshot.Trend, day => Assert.Equal((0, 0, 0), (day.Completed, day.Failed, day.Other)));
        Assert.Equal((Today.AddDays(-29), Today), (snapshot.Trend[0].Day, snapshot.Trend[^1].Day));
        Assert.Empty(snapshot.Apps);
        Assert.Empty(snapshot.Accounts);
        Assert.Empty(snapshot.TopFailures);
    }

    [Fact]
    public async Task DaysAreCutAtShanghaiMidnight_NotUtc()
    {
        Write(
            Run("tygj00001", "财务日报", ExecutionStatus.Completed, new DateTime(2026, 11, 24, 15, 59, 59, DateTimeKind.Utc), 10),
            Run("tygj00001", "财务日报", ExecutionStatus.Failed, new DateTime(2026, 11, 24, 16, 0, 0, DateTimeKind.Utc), 10));

        var snapshot = await Dashboard.GetAsync(new DashboardQuery(), Ct);

        var yesterday = snapshot.Trend.Single(d => d.Day == Today.AddDays(-1));
        var today = snapshot.Trend.Single(d => d.Day == Today);
        Assert.Equal((1, 0), (yesterday.Completed, yesterday.Failed));
        Assert.Equal((0, 1), (today.Completed, today.Failed));
        Assert.Equal(new DateTime(2026, 11, 24, 16, 0, 0, DateTimeKind.Utc), today.FromUtc);
        Assert.Equal(new DateTime(2026, 11, 25, 16, 0, 0, DateTimeKind.Utc), today.ToUtc);
        Assert.Equal(1, snapshot.Cards.RunsToday);
        Assert.Equal(((double?)0, (double?)1), (snapshot.Cards.SuccessRateToday, snapshot.Cards.SuccessRateYesterday));
    }

    [Fact]
    public async Task SuccessRateTodayAndYesterday_CompletedOverAllRuns()
    {
        var today = Now.AddHours(-1);
        var yesterday = Now.AddDays(-1);
        Write(
            Run("tygj00001", "财务日报", ExecutionStatus.Completed, today, 10, items: 5),
            Run("tygj00001", "财务日报", ExecutionStatus.Completed, today, 20, items: 5),
            Run("tygj00001", "财务日报", ExecutionStatus.Completed, today, 30, items: 5),
            Run("tygj00001", "财务日报", ExecutionStatus.Failed, today, 40, items: 1, error: "timeout"),
            Run("tygj00001", "财务日报", ExecutionStatus.Completed, yesterday, 60, items: 4),
            Run("tygj00001", "财务日报", ExecutionStatus.Failed, yesterday, 80, items: 0, error: "timeout"));

        var cards = (await Dashboard.GetAsync(new DashboardQuery(), Ct)).Cards;

        Assert.Equal(4, cards.RunsToday);
        Assert.Equal(0.75, cards.SuccessRateToday!.Value, 10);
        Assert.Equal(0.5, cards.SuccessRateYesterday!.Value, 10);
        Assert.Equal(0.25, cards.SuccessRateChange!.Value, 10);
        Assert.Equal(240d / 6, cards.AverageDurationSeconds!.Value, 10);
        Assert.Equal(20, cards.ItemsProcessed);
    }

    [Fact]
    public async Task P95_IsTheNearestRankWithinOneHistogramBucket()
    {
        // Durations 1…20 s: the exact nearest-rank p95 is the 19th value, 19 s. It falls in the bucket [2^4, 2^4.25) s,
        // so the dashboard shows that bucket's upper edge, 2^4.25 ≈ 19.03 s: never below, less than 19% above.
        Write([.. Enumerable.Range(1, 20).Select(s => Run("tygj00001", "财务日报", ExecutionStatus.Completed, Now.AddHours(-2), s))]);

        var app = Assert.Single((await Dashboard.GetAsync(new DashboardQuery(), Ct)).Apps);

        Assert.Equal(Math.Pow(2, 4.25), app.P95Seconds, 10);
        Assert.InRange(app.P95Seconds, 19, 19 * Math.Pow(2, 0.25));
        Assert.Equal(10.5, app.AverageSeconds, 10);
        Assert.Equal((20, 1d), (app.Runs, app.SuccessRate));
    }

    [Fact]
    public async Task Rankings_SlowestFirst_PerAppAndPerAccount_WithTopFailureMessages()
    {
        var start = Now.AddHours(-3);
        Write(
            Run("tygj00001", "财务日报", ExecutionStatus.Completed, start, 100),
            Run("tygj00001", "对账", ExecutionStatus.Failed, start, 10, error: "登录失败"),
            Run("tygj00002", "对账", ExecutionStatus.Failed, start, 30, error: "登录失败"),
            Run("tygj00002", "对账", ExecutionStatus.Failed, start, 20, error: "页面超时"),
            Run("tygj00002", "对账", ExecutionStatus.Completed, start, 40));

        var snapshot = await Dashboard.GetAsync(new DashboardQuery(), Ct);

        Assert.Equal(
            [("财务日报", 1, 100d, 1d), ("对账", 4, 25d, 0.25)],
            snapshot.Apps.Select(a => (a.Name, a.Runs, a.AverageSeconds, a.SuccessRate)));
        Assert.Equal(
            [("tygj00001", 2, 55d, 0.5), ("tygj00002", 3, 30d, 1d / 3)],
            snapshot.Accounts.Select(a => (a.Name, a.Runs, a.AverageSeconds, a.SuccessRate)));
        Assert.Equal([new FailureMessageCount("登录失败", 2), new FailureMessageCount("页面超时", 1)], snapshot.TopFailures);
    }

    [Fact]
    public async Task AccountAndAppFilters_NarrowEveryFigure()
    {
        var start = Now.AddMinutes(-30);
        Write(
            Run("tygj00001", "财务日报", ExecutionStatus.Completed, start, 100),
            Run("tygj00001", "对账", ExecutionStatus.Failed, start, 10, error: "登录失败"),
            Run("tygj00002", "对账", ExecutionStatus.Failed, start, 30, error: "页面超时"));

        var account = await Dashboard.GetAsync(new DashboardQuery(7, Account: "tygj00001"), Ct);
        var app = await Dashboard.GetAsync(new DashboardQuery(7, App: "对账"), Ct);
        var both = await Dashboard.GetAsync(new DashboardQuery(7, " tygj00002 ", "对账"), Ct);

        Assert.Equal((2, 1, 1, 2), (account.Cards.RunsToday, account.Cards.FailuresLastHour, account.Cards.RobotsTotal, account.Apps.Count));
        Assert.Equal((2, 2, 2), (app.Cards.RunsToday, app.Cards.FailuresLastHour, app.Accounts.Count));
        Assert.Equal(("页面超时", 1), (Assert.Single(both.TopFailures).Message, both.Cards.RunsToday));
    }

    [Fact]
    public async Task TopFailures_RangeStartsAtShanghaiMidnight()
    {
        // The 7-day range starts 2026-11-19 00:00 in Shanghai = 2026-11-18 16:00Z; the 30-day range takes in the 18th too.
        var firstInstant = new DateTime(2026, 11, 18, 16, 0, 0, DateTimeKind.Utc);
        Write(
            Run("tygj00001", "对账", ExecutionStatus.Failed, firstInstant.AddSeconds(-1), 10, error: "登录失败"),
            Run("tygj00001", "对账", ExecutionStatus.Failed, firstInstant, 10, error: "登录失败"),
            Run("tygj00001", "对账", ExecutionStatus.Failed, firstInstant, 10, error: "页面超时"),
            Run("tygj00001", "对账", ExecutionStatus.Failed, Now.AddMinutes(-1), 10, error: "页面超时"),
            Run("tygj00001", "对账", ExecutionStatus.Failed, Now.AddDays(-31), 10, error: "登录失败"));

        var week = await Dashboard.GetAsync(new DashboardQuery(7), Ct);
        var month = await Dashboard.GetAsync(new DashboardQuery(30), Ct);

        Assert.Equal([new FailureMessageCount("页面超时", 2), new FailureMessageCount("登录失败", 1)], week.TopFailures);
        // A tie is broken by the message (ordinal): 登 (U+767B) before 页 (U+9875).
        Assert.Equal([new FailureMessageCount("登录失败", 2), new FailureMessageCount("页面超时", 2)], month.TopFailures);
        Assert.Equal(firstInstant, week.FromUtc);
    }

    [Fact]
    public async Task TopFailures_FilteredByAccountAndApp_CountOnlyFailuresWithAMessage()
    {
        var start = Now.AddDays(-2);
        Write(
            Run("tygj00001", "对账", ExecutionStatus.Failed, start, 10, error: "登录失败"),
            Run("tygj00001", "对账", ExecutionStatus.Failed, start, 10, error: "登录失败"),
            Run("tygj00001", "对账", ExecutionStatus.Failed, start, 10, error: "页面超时"),
            Run("tygj00001", "财务日报", ExecutionStatus.Failed, start, 10, error: "页面超时"),
            Run("tygj00001", "财务日报", ExecutionStatus.Failed, start, 10, error: "Excel 被占用"),
            Run("tygj00002", "对账", ExecutionStatus.Failed, start, 10, error: "页面超时"),
            Run("tygj00002", "对账", ExecutionStatus.Failed, start, 10, error: "页面超时"),
            Run("tygj00002", "对账", ExecutionStatus.Failed, start, 10, error: ""),
            Run("tygj00002", "对账", ExecutionStatus.Failed, start, 10),
            Run("tygj00002", "对账", ExecutionStatus.Completed, start, 10, error: "重试 1 次后成功"));

        async Task<IReadOnlyList<FailureMessageCount>> TopAsync(string? account, string? app) =>
            (await Dashboard.GetAsync(new DashboardQuery(7, account, app), Ct)).TopFailures;

        Assert.Equal(
            [new("页面超时", 4), new("登录失败", 2), new FailureMessageCount("Excel 被占用", 1)],
            await TopAsync(null, null));
        Assert.Equal(
            [new("登录失败", 2), new("页面超时", 2), new FailureMessageCount("Excel 被占用", 1)],
            await TopAsync("tygj00001", null));
        Assert.Equal([new("页面超时", 3), new FailureMessageCount("登录失败", 2)], await TopAsync(null, "对账"));
        Assert.Equal([new FailureMessageCount("页面超时", 2)], await TopAsync("tygj00002", "对账"));
        Assert.Empty(await TopAsync("tygj00002", "财务日报"));
    }

    [Fact]
    public async Task TopFailures_KeepsTheTenMostFrequent()
    {
        Write([.. Enumerable.Range(1, 12).SelectMany(n => Enumerable.Range(0, n).Select(_ =>
            Run("tygj00001", "对账", ExecutionStatus.Failed, Now.AddHours(-3), 10, error: $"错误 {n:D2}")))]);

        var top = (await Dashboard.GetAsync(new DashboardQuery(), Ct)).TopFailures;

        Assert.Equal(Enumerable.Range(3, 10).Reverse().Select(n => new FailureMessageCount($"错误 {n:D2}", n)), top);
    }

    [Fact]
    public async Task RobotsOnlineAndFailuresInTheLastHour_FollowTheClock()
    {
        Write(
            Run("tygj00001", "对账", ExecutionStatus.Failed, Now.AddMinutes(-50), 10, error: "登录失败"),
            Run("tygj00002", "对账", ExecutionStatus.Failed, Now.AddMinutes(-70), 10, error: "登录失败"));

        var fresh = (await Dashboard.GetAsync(new DashboardQuery(), Ct)).Cards;
        _host.Clock.Advance(TimeSpan.FromMinutes(2));
        var later = (await Dashboard.GetAsync(new DashboardQuery(), Ct)).Cards;

        Assert.Equal((2, 2, 1), (fresh.RobotsOnline, fresh.RobotsTotal, fresh.FailuresLastHour));
        Assert.Equal((0, 2, 1), (later.RobotsOnline, later.RobotsTotal, later.FailuresLastHour));
    }

    [Fact]
    public async Task RangeOtherThan7_30_90_IsRefusedNamingTheField()
    {
        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => Dashboard.GetAsync(new DashboardQuery(5), Ct));

        Assert.Equal("days", Assert.Single(refused.Errors).Field);
    }

    [Fact]
    public async Task SignedOut_Refused()
    {
        _host.User.SignOut();

        await Assert.ThrowsAsync<AccessDeniedException>(() => Dashboard.GetAsync(new DashboardQuery(), Ct));
    }

    private void Write(params ExecutionCallback[] runs) => _host.Get<CallbackBatchWriter>().Write(runs);
}

public sealed class DashboardServiceTestsOnSqlite() : DashboardServiceTests(DatabaseProvider.Sqlite);

public sealed class DashboardServiceTestsOnPostgreSql() : DashboardServiceTests(DatabaseProvider.PostgreSQL);
