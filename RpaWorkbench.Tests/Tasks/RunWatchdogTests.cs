using Microsoft.EntityFrameworkCore;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Core.Webhooks;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Tasks;

/// <summary>No run stays open for ever: the watchdog's verdicts, driven by a fake clock on each database provider.</summary>
public abstract class RunWatchdogTests(DatabaseProvider provider) : IAsyncLifetime
{
    private CoreTestHost _host = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private DateTime Now => _host.Clock.GetUtcNow().UtcDateTime;

    public async ValueTask InitializeAsync() => _host = await new CoreTestHost(provider).MigrateAsync();

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task RunPastItsTimeout_TimedOutAndTheLateCallbackStillRecordsTheRealOutcome()
    {
        var taskId = await RunningTaskAsync(heardFrom: null);
        _host.Clock.Advance(TimeSpan.FromHours(2) + TimeSpan.FromSeconds(1));

        Assert.Equal(1, await SweepAsync());

        var task = await TaskAsync(taskId);
        Assert.Equal((RobotTaskStatus.Pending, (string?)null), (task.Status, task.CurrentRunId));
        var log = Assert.Single(await LogsAsync());
        Assert.Equal((ExecutionStatus.TimedOut, "run-1", 7201d), (log.Status, log.ExecutionId, log.DurationSeconds));
        Assert.Equal(AccountStatus.Failed, (await AccountAsync()).Status);

        var late = Complete("run-1", taskId);

        Assert.False(late.Duplicate);
        Assert.Equal([ExecutionStatus.Completed, ExecutionStatus.TimedOut], (await LogsAsync()).Select(l => l.Status).Order());
    }

    [Fact]
    public async Task TaskOverride_ShorterTimeoutApplies()
    {
        var taskId = await RunningTaskAsync(heardFrom: null, runTimeout: TimeSpan.FromMinutes(5));
        _host.Clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(0, await SweepAsync());

        _host.Clock.Advance(TimeSpan.FromMinutes(2));

        Assert.Equal(1, await SweepAsync());
        Assert.Equal(ExecutionStatus.TimedOut, Assert.Single(await LogsAsync()).Status);
        Assert.Equal(RobotTaskStatus.Pending, (await TaskAsync(taskId)).Status);
    }

    [Fact]
    public async Task RobotStopsSendingHeartbeats_RunIsLost()
    {
        await RunningTaskAsync(heardFrom: Now);
        _host.Clock.Advance(TimeSpan.FromSeconds(60));
        await HeartbeatAsync();
        _host.Clock.Advance(TimeSpan.FromSeconds(80));
        Assert.Equal(0, await SweepAsync());

        _host.Clock.Advance(TimeSpan.FromSeconds(20));

        Assert.Equal(1, await SweepAsync());
        var log = Assert.Single(await LogsAsync());
        Assert.Equal(ExecutionStatus.Lost, log.Status);
        Assert.Contains("stopped sending heartbeats", log.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RobotNeverHeardFrom_NotJudgedLostBeforeItsTimeout()
    {
        await RunningTaskAsync(heardFrom: null);
        _host.Clock.Advance(TimeSpan.FromMinutes(30));

        Assert.Equal(0, await SweepAsync());
        Assert.Empty(await LogsAsync());
    }

    [Fact]
    public async Task StopAcceptedButNeverFinished_RunIsStoppedAfterTheStopTimeout()
    {
        var taskId = await RunningTaskAsync(heardFrom: null, status: RobotTaskStatus.Stopping);
        _host.Clock.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(0, await SweepAsync());

        _host.Clock.Advance(TimeSpan.FromMinutes(2));

        Assert.Equal(1, await SweepAsync());
        Assert.Equal(ExecutionStatus.Stopped, Assert.Single(await LogsAsync()).Status);
        Assert.Equal(RobotTaskStatus.Pending, (await TaskAsync(taskId)).Status);
        Assert.Equal(AccountStatus.Pending, (await AccountAsync()).Status);
    }

    [Fact]
    public async Task StartInterruptedBeforeTheAgentAnswered_BackToPendingWithoutALog()
    {
        var taskId = await RunningTaskAsync(heardFrom: null, status: RobotTaskStatus.Starting);
        _host.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(0, await SweepAsync());

        _host.Clock.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(1, await SweepAsync());
        var task = await TaskAsync(taskId);
        Assert.Equal((RobotTaskStatus.Pending, (string?)null), (task.Status, task.CurrentRunId));
        Assert.Contains("interrupted", task.ErrorMessage, StringComparison.Ordinal);
        Assert.Empty(await LogsAsync());
    }

    [Fact]
    public async Task RunConfirmedByTheRobotWithoutAStartFromHere_StillTimesOut()
    {
        var taskId = await RunningTaskAsync(heardFrom: null, runId: null);
        _host.Clock.Advance(TimeSpan.FromHours(3));

        Assert.Equal(1, await SweepAsync());

        Assert.Equal(ExecutionStatus.TimedOut, Assert.Single(await LogsAsync()).Status);
        Assert.Equal(RobotTaskStatus.Pending, (await TaskAsync(taskId)).Status);
    }

    [Fact]
    public async Task TwoInstancesSweepingAtOnce_EachTimeoutEndsTheRunOnce()
    {
        var timedOut = await RunningTaskAsync(heardFrom: null);
        _host.Clock.Advance(TimeSpan.FromHours(2) + TimeSpan.FromSeconds(1));
        await using var second = _host.OnTheSameDatabase();
        var secondWatchdog = second.Get<RunWatchdog>();

        var moved = await Task.WhenAll(SweepAsync(), secondWatchdog.SweepAsync(Ct), SweepAsync(), secondWatchdog.SweepAsync(Ct));

        Assert.Equal(1, moved.Sum());
        var log = Assert.Single(await LogsAsync());
        Assert.Equal((ExecutionStatus.TimedOut, (long?)timedOut), (log.Status, log.TaskId));
        var rollup = Assert.Single(await _host.ReadAsync(db => db.DailyRollups.AsNoTracking().ToListAsync(Ct)));
        Assert.Equal(1, rollup.Runs);
        Assert.Equal(RobotTaskStatus.Pending, (await TaskAsync(timedOut)).Status);
    }

    private Task<int> SweepAsync() => _host.Get<RunWatchdog>().SweepAsync(Ct);

    private async Task HeartbeatAsync()
    {
        await using var db = await _host.CreateDbContextAsync();
        await db.Accounts.ExecuteUpdateAsync(set => set.SetProperty(a => a.LastHeartbeatAt, Now), Ct);
    }

    private CallbackReceipt Complete(string runId, long taskId) =>
        _host.Get<CallbackBatchWriter>().Write([new ExecutionCallback(new RobotIdentity("tygj00001", null, null), "财务日报",
            ExecutionStatus.Completed, Now.AddHours(-3), Now, 3 * 3600, 5, 5, 0, false, false, null, null, runId, taskId, null, null)]).Receipts.Single();

    private async Task<long> RunningTaskAsync(DateTime? heardFrom, TimeSpan? runTimeout = null,
        RobotTaskStatus status = RobotTaskStatus.Running, string? runId = "run-1")
    {
        await using var db = await _host.CreateDbContextAsync();
        var account = new Account
        {
            ShadowBotAccount = "tygj00001", HostIp = "10.0.0.8", Port = 8080, TaskControl = "tygj00001-10.0.0.8:8080",
            Status = AccountStatus.Running, LastHeartbeatAt = heardFrom, CreatedAt = Now, UpdatedAt = Now,
        };
        var task = new RobotTask
        {
            TaskName = "日报汇总", AppName = "财务日报", Account = account, Status = status, CurrentRunId = runId,
            RunStartedAt = runId is null ? null : Now, LastRunTime = Now, RunTimeout = runTimeout, CreatedAt = Now, UpdatedAt = Now,
        };
        db.Tasks.Add(task);
        await db.SaveChangesAsync(Ct);
        return task.Id;
    }

    private Task<RobotTask> TaskAsync(long id) => _host.ReadAsync(db => db.Tasks.AsNoTracking().SingleAsync(t => t.Id == id, Ct));

    private Task<Account> AccountAsync() => _host.ReadAsync(db => db.Accounts.AsNoTracking().SingleAsync(Ct));

    private Task<List<ExecutionLog>> LogsAsync() => _host.ReadAsync(db => db.ExecutionLogs.AsNoTracking().ToListAsync(Ct));
}

public sealed class RunWatchdogTestsOnSqlite() : RunWatchdogTests(DatabaseProvider.Sqlite);

public sealed class RunWatchdogTestsOnPostgreSql() : RunWatchdogTests(DatabaseProvider.PostgreSQL);
