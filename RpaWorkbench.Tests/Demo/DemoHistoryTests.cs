using System.Text;
using Microsoft.EntityFrameworkCore;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Dashboard;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Demo;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Storage;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Core.Time;
using RpaWorkbench.Tests.Infrastructure;
using RpaWorkbench.Tests.Storage;

namespace RpaWorkbench.Tests.Demo;

/// <summary>A demo seeded once into an empty database at the test clock's time (2026-11-25 16:00 in Shanghai), read by the tests.</summary>
public abstract class SeededDemo(DatabaseProvider provider) : IAsyncLifetime
{
    public CoreTestHost Host { get; } = new(provider);

    public IReadOnlyList<ExecutionLog> Logs { get; private set; } = [];

    public async ValueTask InitializeAsync()
    {
        await Host.MigrateAsync();
        await Host.Get<DemoSeeder>().SeedAsync(CancellationToken.None);
        Logs = await Host.ReadAsync(db => db.ExecutionLogs.AsNoTracking().OrderBy(l => l.StartTime).ToListAsync());
    }

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}

public sealed class SeededDemoOnSqlite() : SeededDemo(DatabaseProvider.Sqlite);

public sealed class SeededDemoOnPostgreSql() : SeededDemo(DatabaseProvider.PostgreSQL);

/// <summary>
/// A demo start shows a month of history: about 20,000 runs on the last 30 days in working hours, a few per cent
/// failed with recurring messages and their screenshots and logs, the dashboard's roll-ups counting exactly those runs,
/// and accounts and tasks showing their latest run.
/// </summary>
public abstract class DemoHistoryTests(SeededDemo demo)
{
    private static readonly DateOnly Today = new(2026, 11, 25);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IReadOnlyList<ExecutionLog> Logs => demo.Logs;

    [Fact]
    public void Seed_AboutTwentyThousandRuns_OnEachOfTheLastThirtyDays_InWorkingHours()
    {
        var now = demo.Host.Clock.GetUtcNow().UtcDateTime;
        var time = demo.Host.Get<OperatorTime>();

        Assert.InRange(Logs.Count, 19_500, 20_000);
        Assert.Equal(Enumerable.Range(0, 30).Select(back => Today.AddDays(-back)).Order(), Logs.Select(DayOf).Distinct().Order());
        Assert.All(Logs, l =>
        {
            Assert.InRange(time.ToOperator(l.StartTime).Hour, 8, 19);
            Assert.True(l.StartTime <= l.EndTime && l.EndTime <= now, $"{l.StartTime:O} - {l.EndTime:O}");
            Assert.Equal((l.EndTime - l.StartTime).TotalSeconds, l.DurationSeconds, 3);
            Assert.NotNull(l.TaskId);
            Assert.NotNull(l.AccountId);
        });
        Assert.True(Logs.Count(l => DayOf(l) == Today) > 100, "runs today");
    }

    [Fact]
    public void Seed_AFewPerCentFail_WithAHandfulOfRecurringMessages()
    {
        var failed = Logs.Where(l => l.Status == ExecutionStatus.Failed).ToList();

        Assert.InRange((double)failed.Count / Logs.Count, 0.02, 0.05);
        Assert.InRange((double)Logs.Count(l => l.Status != ExecutionStatus.Completed) / Logs.Count, 0.02, 0.06);
        var messages = failed.GroupBy(l => l.ErrorMessage).ToList();
        Assert.InRange(messages.Count, 5, 10);
        Assert.All(messages, m => Assert.True(m.Count() >= 20, $"{m.Key}: {m.Count()} runs"));
        Assert.All(Logs, l => Assert.Equal(l.Status != ExecutionStatus.Completed, l.ErrorMessage is not null));
    }

    [Fact]
    public void Seed_EachAppAtItsOwnPace_WithItemCountsAndLongTailedDurations()
    {
        var runsPerApp = Logs.GroupBy(l => l.AppName).ToDictionary(g => g.Key, g => g.ToList());

        // Every demo robot's app but 报销审核, whose robot has never run.
        string[] apps = ["云仓收藏", "订单同步", "库存盘点", "发票下载", "银行对账", "工单分派", "评价回复"];
        Assert.Equal(apps.Order(StringComparer.Ordinal), runsPerApp.Keys.Order(StringComparer.Ordinal));
        Assert.True(runsPerApp.Values.Max(r => r.Count) >= 5 * runsPerApp.Values.Min(r => r.Count), "apps run at different paces");
        Assert.All(runsPerApp.Values.Where(r => r.Count >= 1000), runs =>
        {
            var seconds = runs.Select(l => l.DurationSeconds).Order().ToArray();
            Assert.True(seconds[(int)(seconds.Length * 0.99)] >= 3 * seconds[seconds.Length / 2], $"{runs[0].AppName}: p99 {seconds[(int)(seconds.Length * 0.99)]} s, median {seconds[seconds.Length / 2]} s");
        });
        Assert.All(Logs, l => Assert.True(l.SuccessItems + l.FailedItems <= l.TotalItems, $"{l.SuccessItems}+{l.FailedItems}/{l.TotalItems}"));
        Assert.InRange(Logs.Average(l => l.TotalItems), 50, 300);
    }

    [Fact]
    public async Task Dashboard_FiguresAreCountsOverTheLogs()
    {
        var snapshot = await demo.Host.Get<DashboardService>().GetAsync(new DashboardQuery(Days: 30), Ct);

        var today = Logs.Where(l => DayOf(l) == Today).ToList();
        Assert.Equal(today.Count, snapshot.Cards.RunsToday);
        Assert.Equal((double)today.Count(l => l.Status == ExecutionStatus.Completed) / today.Count, snapshot.Cards.SuccessRateToday!.Value, 9);
        Assert.Equal(Logs.Sum(l => (long)l.TotalItems), snapshot.Cards.ItemsProcessed);
        Assert.Equal(Logs.Average(l => l.DurationSeconds), snapshot.Cards.AverageDurationSeconds!.Value, 6);
        Assert.Equal(
            Enumerable.Range(0, 30).Select(back => Today.AddDays(back - 29)).Select(day => Logs.Where(l => DayOf(l) == day).ToList())
                .Select((runs, i) => (Today.AddDays(i - 29), Count(runs, ExecutionStatus.Completed), Count(runs, ExecutionStatus.Failed),
                    runs.Count - Count(runs, ExecutionStatus.Completed) - Count(runs, ExecutionStatus.Failed))),
            snapshot.Trend.Select(d => (d.Day, d.Completed, d.Failed, d.Other)));
        Assert.Equal(
            Logs.GroupBy(l => l.ShadowBotAccount).Select(g => (g.Key, g.Count(), Count(g, ExecutionStatus.Completed), Count(g, ExecutionStatus.Failed))).Order(),
            snapshot.Accounts.Select(a => (a.Name, a.Runs, a.Completed, a.Failed)).Order());
        Assert.Equal(
            Logs.Where(l => l.Status is ExecutionStatus.Failed or ExecutionStatus.TimedOut or ExecutionStatus.Lost)
                .GroupBy(l => l.ErrorMessage!).Select(g => (g.Key, g.Count())).Order(),
            snapshot.TopFailures.Select(f => (f.Message, f.Count)).Order());
    }

    [Fact]
    public async Task Seed_AccountsAndTasksShowTheirLatestRun()
    {
        var accounts = await demo.Host.ReadAsync(db => db.Accounts.AsNoTracking().Include(a => a.Tasks).ToListAsync(Ct));

        Assert.Equal(8, accounts.Count);
        foreach (var account in accounts)
        {
            var runs = Logs.Where(l => l.AccountId == account.Id).ToList();
            if (account.ShadowBotAccount == "caiwu02")
            {
                Assert.Empty(runs);
                Assert.Equal((AccountStatus.Pending, (string?)null, (DateTime?)null), (account.Status, account.RecentApp, account.EndTime));
                continue;
            }

            // The newest run: the one that ended last (of those, the one that started last).
            var latest = runs.OrderBy(l => l.EndTime).ThenBy(l => l.StartTime).Last();
            Assert.Equal((StatusAfter(latest.Status), latest.AppName, latest.EndTime), (account.Status, account.RecentApp, account.EndTime));
            Assert.True(account.LastHeartbeatAt >= runs.Where(l => l.Status is ExecutionStatus.Completed or ExecutionStatus.Failed).Max(l => l.CreatedAt),
                $"{account.ShadowBotAccount} heard from before its last callback");
            var task = Assert.Single(account.Tasks);
            var newest = runs.Where(l => l.TaskId == task.Id).MaxBy(l => l.StartTime)!;
            Assert.Equal(
                (RobotTaskStatus.Pending, newest.StartTime, newest.Status == ExecutionStatus.Completed ? null : newest.ErrorMessage),
                (task.Status, task.LastRunTime, task.ErrorMessage));
        }

        // tygj004 has been offline for an hour: it ran nothing since.
        var offline = accounts.Single(a => a.ShadowBotAccount == "tygj004");
        Assert.True(offline.EndTime <= demo.Host.Clock.GetUtcNow().UtcDateTime.AddMinutes(-59), $"tygj004 ended a run at {offline.EndTime:O}");
    }

    [Fact]
    public async Task FailedRuns_LinkAScreenshotAndALogStoredInTheWorkbench()
    {
        const string objects = "/api/v1/resources/objects/";
        var failed = Logs.Where(l => l.Status == ExecutionStatus.Failed).ToList();

        Assert.All(failed, l =>
        {
            Assert.True(l.Screenshot && l.LogInfo);
            Assert.StartsWith(objects + "runs/", l.ScreenshotUrl, StringComparison.Ordinal);
            Assert.StartsWith(objects + "runs/", l.LogUrl, StringComparison.Ordinal);
        });
        Assert.All(Logs.Where(l => l.Status != ExecutionStatus.Failed), l => Assert.True(l.ScreenshotUrl is null && l.LogUrl is null, l.ScreenshotUrl ?? l.LogUrl));
        var store = demo.Host.Get<IObjectStore>();
        foreach (var shot in failed.Select(l => l.ScreenshotUrl!).Distinct())
        {
            var image = PngImage.Read(await StoredBytes.ReadAllAsync((await store.GetAsync(shot[objects.Length..], Ct))!, Ct));
            Assert.True(image.Width >= 320 && image.Height >= 200, $"{image.Width}x{image.Height}");
        }

        foreach (var log in failed.GroupBy(l => l.LogUrl!))
        {
            var text = Encoding.UTF8.GetString(await StoredBytes.ReadAllAsync((await store.GetAsync(log.Key[objects.Length..], Ct))!, Ct));
            Assert.All(log, l => Assert.Contains(l.ErrorMessage!, text, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Seed_SameClockOnAnotherDatabase_SameHistory()
    {
        await using var other = await new CoreTestHost(demo.Host.Provider).MigrateAsync();
        other.Clock.SetUtcNow(demo.Host.Clock.GetUtcNow());

        await other.Get<DemoSeeder>().SeedAsync(Ct);

        var again = await other.ReadAsync(db => db.ExecutionLogs.AsNoTracking().OrderBy(l => l.StartTime).ToListAsync(Ct));
        Assert.Equal(Logs.Select(Fields), again.Select(Fields));
    }

    private DateOnly DayOf(ExecutionLog log) => DateOnly.FromDateTime(demo.Host.Get<OperatorTime>().ToOperator(log.StartTime));

    private static int Count(IEnumerable<ExecutionLog> runs, ExecutionStatus status) => runs.Count(l => l.Status == status);

    // As a robot's callback (completed, failed) or the Workbench's verdict (stopped: idle; timed out, lost: failed) leaves it.
    private static AccountStatus StatusAfter(ExecutionStatus status) => status switch
    {
        ExecutionStatus.Completed => AccountStatus.Completed,
        ExecutionStatus.Stopped => AccountStatus.Pending,
        _ => AccountStatus.Failed,
    };

    private static string Fields(ExecutionLog l) => string.Join('|', l.DedupKey, l.ShadowBotAccount, l.AppName, l.Status, l.StartTime.ToString("O"),
        l.EndTime.ToString("O"), l.TotalItems, l.SuccessItems, l.FailedItems, l.ErrorMessage, l.ScreenshotUrl, l.LogUrl, l.LogContent);
}

public sealed class DemoHistoryTestsOnSqlite(SeededDemoOnSqlite demo) : DemoHistoryTests(demo), IClassFixture<SeededDemoOnSqlite>;

public sealed class DemoHistoryTestsOnPostgreSql(SeededDemoOnPostgreSql demo) : DemoHistoryTests(demo), IClassFixture<SeededDemoOnPostgreSql>;
