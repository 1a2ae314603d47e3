using Microsoft.EntityFrameworkCore;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Dashboard;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Core.Webhooks;
using RpaWorkbench.Tests.Infrastructure;
using static RpaWorkbench.Tests.Dashboard.DashboardRuns;

namespace RpaWorkbench.Tests.Dashboard;

/// <summary>
/// The roll-up kept by every writer of logs (the ingest queue, force-stop, the watchdog) equals a fresh aggregation of
/// the logs, and the rebuild reproduces it.
/// </summary>
public abstract class DailyRollupTests(DatabaseProvider provider) : IAsyncLifetime
{
    private RecordingRobotAgent _agent = null!;
    private CoreTestHost _host = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private DateTime Now => _host.Clock.GetUtcNow().UtcDateTime;

    public async ValueTask InitializeAsync()
    {
        _agent = await RecordingRobotAgent.StartAsync();
        _host = await new CoreTestHost(provider, new Dictionary<string, string?>
        {
            ["Workbench:Robots:RetryDelay"] = "00:00:00",
            ["Workbench:Robots:MaxRetries"] = "1",
        }).MigrateAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await _agent.DisposeAsync();
    }

    [Fact]
    public async Task IngestForceStopAndWatchdog_RollupEqualsAFreshAggregation_AndTheRebuildReproducesIt()
    {
        await IngestAsync();
        await ForceStopAsync();
        await WatchdogVerdictsAsync();

        var kept = await RollupAsync();
        var keptFailures = await FailureRollupAsync(_host);
        var logs = await _host.ReadAsync(db => db.ExecutionLogs.AsNoTracking().ToListAsync(Ct));
        Assert.Equal(
            [ExecutionStatus.Completed, ExecutionStatus.Failed, ExecutionStatus.Stopped, ExecutionStatus.TimedOut, ExecutionStatus.Lost],
            logs.Select(l => l.Status).Distinct().Order());
        Assert.Equal(FreshAggregation(logs), kept);
        Assert.Equal(logs.Count, kept.Sum(r => r.Runs));
        Assert.Equal(FreshFailureAggregation(logs), keptFailures);

        // Counted: failed, timed-out and lost runs with a message, the two long messages apart. Not counted: the
        // force-stopped run, failed runs without a message, a completed run's message.
        var messages = keptFailures.Select(f => f.Message).Distinct().ToList();
        Assert.Contains("登录失败", messages);
        Assert.Contains(LongMessage('A'), messages);
        Assert.Contains(LongMessage('B'), messages);
        Assert.Single(messages, m => m.StartsWith("No completion callback", StringComparison.Ordinal));
        Assert.Single(messages, m => m.StartsWith("The robot stopped sending heartbeats", StringComparison.Ordinal));
        Assert.Equal(5, messages.Count);

        Assert.Equal(new RollupRebuild(kept.Count, keptFailures.Count), await _host.Get<DailyRollupRebuilder>().RebuildAsync(Ct));
        Assert.Equal(kept, await RollupAsync());
        Assert.Equal(keptFailures, await FailureRollupAsync(_host));
    }

    [Fact]
    public async Task RollupEditedBehindItsBack_RebuildRestoresIt()
    {
        _host.Get<CallbackBatchWriter>().Write([
            Run("tygj00001", "对账", ExecutionStatus.Completed, Now.AddHours(-1), 5),
            Run("tygj00001", "对账", ExecutionStatus.Failed, Now.AddHours(-1), 5, error: "登录失败"),
        ]);
        var kept = await RollupAsync();
        var keptFailures = await FailureRollupAsync(_host);
        await _host.ReadAsync(db => db.DailyRollups.ExecuteUpdateAsync(s => s.SetProperty(r => r.Runs, 99), Ct));
        await _host.ReadAsync(db => db.FailureRollups.ExecuteUpdateAsync(s => s.SetProperty(r => r.Count, 99), Ct));

        await _host.Get<DailyRollupRebuilder>().RebuildAsync(Ct);

        Assert.Equal(kept, await RollupAsync());
        Assert.Equal(keptFailures, await FailureRollupAsync(_host));
    }

    [Fact]
    public async Task OperatorZoneChanged_StartUpRebuildsTheDaysInTheNewZone()
    {
        // 2026-11-24 20:00Z is the 25th in Shanghai but still the 24th in UTC.
        _host.Get<CallbackBatchWriter>().Write([Run("tygj00001", "对账", ExecutionStatus.Completed, new DateTime(2026, 11, 24, 20, 0, 0, DateTimeKind.Utc), 5)]);
        Assert.Equal(new DateOnly(2026, 11, 25), Assert.Single(await RollupAsync()).Day);

        await using var utc = new CoreTestHost(provider, new Dictionary<string, string?>
        {
            ["ConnectionStrings:Workbench"] = _host.Configuration["ConnectionStrings:Workbench"],
            ["Workbench:TimeZone"] = "UTC",
        });
        await utc.MigrateAsync();

        Assert.Equal(new DateOnly(2026, 11, 24), Assert.Single(await RollupAsync()).Day);
        Assert.Equal("UTC", (await _host.ReadAsync(db => db.RollupStates.SingleAsync(Ct))).TimeZone);
    }

    // Rows in key order.
    internal static List<RollupRow> Rows(IEnumerable<DailyRollup> rows) =>
        rows.OrderBy(r => r.Day).ThenBy(r => r.ShadowBotAccount, StringComparer.Ordinal).ThenBy(r => r.AppName, StringComparer.Ordinal)
            .Select(r => new RollupRow(r.Day, r.ShadowBotAccount, r.AppName, r.Runs, r.Completed, r.Failed, Math.Round(r.DurationSeconds, 6), r.Items,
                string.Join(",", Enumerable.Range(0, DurationHistogram.BucketCount).Select(b => DurationHistogram.FromBlob(r.Histogram)[b]))))
            .ToList();

    // Failure rows in key order, the message's text instead of its hash; every stored message is counted somewhere.
    internal static async Task<List<FailureRow>> FailureRollupAsync(CoreTestHost host)
    {
        var rows = await host.ReadAsync(db => db.FailureRollups.AsNoTracking().ToListAsync(Ct));
        var messages = await host.ReadAsync(db => db.FailureMessages.AsNoTracking().ToDictionaryAsync(m => m.MessageHash, m => m.Message, Ct));
        Assert.Equal(messages.Keys.Order(), rows.Select(r => r.MessageHash).Distinct().Order());
        return InKeyOrder(rows.Select(r => new FailureRow(r.Day, r.ShadowBotAccount, r.AppName, messages[r.MessageHash], r.Count)));
    }

    private static List<FailureRow> InKeyOrder(IEnumerable<FailureRow> rows) =>
        rows.OrderBy(r => r.Day).ThenBy(r => r.Account, StringComparer.Ordinal).ThenBy(r => r.App, StringComparer.Ordinal)
            .ThenBy(r => r.Message, StringComparer.Ordinal).ToList();

    private async Task<List<RollupRow>> RollupAsync() =>
        Rows(await _host.ReadAsync(db => db.DailyRollups.AsNoTracking().ToListAsync(Ct)));

    // A 4,000-character message (the most a robot may send) that differs from its sibling only in its last character.
    private static string LongMessage(char last) => new string('错', CallbackParser.MaxErrorMessageLength - 1) + last;

    // Written here from the logs alone: failed, timed-out and lost runs with a non-empty message, per Shanghai day,
    // account, app and whole message.
    private static List<FailureRow> FreshFailureAggregation(List<ExecutionLog> logs)
    {
        var shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        return InKeyOrder(logs
            .Where(l => l.Status is ExecutionStatus.Failed or ExecutionStatus.TimedOut or ExecutionStatus.Lost && !string.IsNullOrEmpty(l.ErrorMessage))
            .GroupBy(l => (Day: DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(l.StartTime, shanghai)), l.ShadowBotAccount, l.AppName, l.ErrorMessage!))
            .Select(g => new FailureRow(g.Key.Day, g.Key.ShadowBotAccount, g.Key.AppName, g.Key.Item4, g.Count())));
    }

    // Written here from the logs alone: the Shanghai day of each start, plain sums, and a bucket count per duration.
    private static List<RollupRow> FreshAggregation(List<ExecutionLog> logs)
    {
        var shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        return Rows(logs
            .GroupBy(l => (Day: DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(l.StartTime, shanghai)), l.ShadowBotAccount, l.AppName))
            .Select(g =>
            {
                var histogram = new DurationHistogram();
                foreach (var log in g)
                {
                    histogram.Add(log.DurationSeconds);
                }

                return new DailyRollup
                {
                    Day = g.Key.Day, ShadowBotAccount = g.Key.ShadowBotAccount, AppName = g.Key.AppName, Runs = g.Count(),
                    Completed = g.Count(l => l.Status == ExecutionStatus.Completed), Failed = g.Count(l => l.Status == ExecutionStatus.Failed),
                    DurationSeconds = g.Sum(l => l.DurationSeconds), Items = g.Sum(l => (long)l.TotalItems), Histogram = histogram.ToBlob(),
                };
            }));
    }

    // Through the real queue: batches of whatever is queued, across the Shanghai midnight, duplicates included.
    private async Task IngestAsync()
    {
        var queue = _host.Get<CallbackIngestQueue>();
        await queue.StartAsync(Ct);
        var midnight = new DateTime(2026, 11, 24, 16, 0, 0, DateTimeKind.Utc);
        var runs = Enumerable.Range(0, 60).Select(i => Run(
            $"tygj0000{i % 3}", i % 2 == 0 ? "财务日报" : "对账", i % 4 == 0 ? ExecutionStatus.Failed : ExecutionStatus.Completed,
            midnight.AddMinutes(i - 30), 0.5 + (i * 37 % 400), items: i % 7, error: ErrorOf(i))).ToList();
        await Task.WhenAll(runs.Concat(runs.Take(5)).Select(run => queue.SubmitAsync(run, Ct)));
        await queue.StopAsync(Ct);
    }

    // Failed runs (every fourth): a short message, two long ones, none or an empty one; some completed runs have one too.
    private static string? ErrorOf(int run) => (run % 16) switch
    {
        0 => "登录失败",
        4 => LongMessage(run % 32 == 4 ? 'A' : 'B'),
        8 => run % 32 == 8 ? null : "",
        12 => "登录失败",
        1 => "重试 1 次后成功",
        _ => null,
    };

    private async Task ForceStopAsync()
    {
        var taskId = await AddTaskAsync("tygj00010", "127.0.0.1", _agent.Port);
        await _host.Get<TaskRunService>().StartAsync(taskId, Ct);
        _host.Clock.Advance(TimeSpan.FromMinutes(3));
        await _host.Get<TaskRunService>().ForceStopAsync(taskId, Ct);
    }

    // One run times out, one is lost (its robot stopped sending heartbeats).
    private async Task WatchdogVerdictsAsync()
    {
        await AddRunningTaskAsync("tygj00011", heardFrom: null);
        await AddRunningTaskAsync("tygj00012", heardFrom: Now);
        _host.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(1, await _host.Get<RunWatchdog>().SweepAsync(Ct));
        _host.Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(1, await _host.Get<RunWatchdog>().SweepAsync(Ct));
    }

    private async Task<long> AddTaskAsync(string account, string host, int port)
    {
        var accountId = (await _host.Get<AccountService>().CreateAsync(new AccountInput(account, host, port), Ct)).Id;
        await using var db = await _host.CreateDbContextAsync();
        var task = new RobotTask { TaskName = "日报汇总", AppName = "财务日报", AccountId = accountId, CreatedAt = Now, UpdatedAt = Now };
        db.Tasks.Add(task);
        await db.SaveChangesAsync(Ct);
        return task.Id;
    }

    private async Task AddRunningTaskAsync(string account, DateTime? heardFrom)
    {
        await using var db = await _host.CreateDbContextAsync();
        db.Tasks.Add(new RobotTask
        {
            TaskName = "对账任务", AppName = "对账", Status = RobotTaskStatus.Running, CurrentRunId = $"run-{account}",
            RunStartedAt = Now, LastRunTime = Now, CreatedAt = Now, UpdatedAt = Now,
            Account = new Account
            {
                ShadowBotAccount = account, HostIp = "10.0.0.8", Port = 8080, TaskControl = $"{account}-10.0.0.8:8080",
                Status = AccountStatus.Running, LastHeartbeatAt = heardFrom, CreatedAt = Now, UpdatedAt = Now,
            },
        });
        await db.SaveChangesAsync(Ct);
    }
}

/// <summary>A roll-up row as plain values (the histogram as its counts), so that two roll-ups compare by content.</summary>
internal sealed record RollupRow(
    DateOnly Day, string Account, string App, int Runs, int Completed, int Failed, double DurationSeconds, long Items, string Histogram);

/// <summary>A failure roll-up row as plain values (the message rather than its hash).</summary>
internal sealed record FailureRow(DateOnly Day, string Account, string App, string Message, int Count);

public sealed class DailyRollupTestsOnSqlite() : DailyRollupTests(DatabaseProvider.Sqlite);

public sealed class DailyRollupTestsOnPostgreSql() : DailyRollupTests(DatabaseProvider.PostgreSQL);
