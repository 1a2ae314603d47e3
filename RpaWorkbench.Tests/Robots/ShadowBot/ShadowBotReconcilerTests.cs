using Microsoft.EntityFrameworkCore;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Robots.ShadowBot;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Core.Webhooks;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Robots.ShadowBot;

/// <summary>The reconciler against the fake ShadowBot: queued jobs a robot takes, and jobs that ended without a callback.</summary>
public sealed class ShadowBotReconcilerTests : IAsyncLifetime
{
    private const string JobQuery = "dispatch/v2/job/query";

    private ShadowBotLoopsHost _host = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _host = await ShadowBotLoopsHost.StartAsync();

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task Reconcile_QueuedJobTakenByARobot_TaskRunningAndAccountRunning()
    {
        _host.Fake.Dispatch.AddClient(ShadowBotLoopsHost.Robot, status: "running");
        var task = await _host.StartedTaskAsync();
        Assert.Equal(RobotTaskStatus.Queued, task.Status);
        Assert.Equal(0, await _host.ReconcileAsync());
        Assert.Equal(RobotTaskStatus.Queued, (await _host.TaskAsync(task.Id)).Status);

        _host.Fake.Dispatch.SetClientStatus(ShadowBotLoopsHost.Robot, "idle");
        Assert.Equal("running", _host.Fake.Dispatch.Job(task.CurrentJobUuid!).Status);

        Assert.Equal(1, await _host.ReconcileAsync());
        var moved = await _host.TaskAsync(task.Id);
        Assert.Equal((RobotTaskStatus.Running, task.CurrentRunId, task.CurrentJobUuid), (moved.Status, moved.CurrentRunId, moved.CurrentJobUuid));
        Assert.Equal((AccountStatus.Running, "导出淘宝订单"), (moved.Account!.Status, moved.Account.RecentApp));
        Assert.Equal(0, await _host.ReconcileAsync());
    }

    [Fact]
    public async Task Reconcile_JobEndedWithoutCallback_RecordedOnceWithItsStatusAndMessage()
    {
        _host.Fake.Dispatch.AddClient(ShadowBotLoopsHost.Robot);
        var task = await _host.StartedTaskAsync();
        Assert.Equal(RobotTaskStatus.Running, task.Status);
        _host.Fake.Dispatch.EndJobAt(task.CurrentJobUuid!, "error", "元素未找到", "2026-11-25 16:01:00", "2026-11-25 16:03:30");

        // Within five minutes of the last news the run is left to its callback.
        _host.Core.Clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(0, await _host.ReconcileAsync());
        // The one query is the start's own (queued or running?).
        Assert.Single(_host.Fake.RequestsTo(JobQuery));

        _host.Core.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await _host.ReconcileAsync());
        Assert.Equal(0, await _host.ReconcileAsync());

        var log = Assert.Single(await LogsAsync());
        Assert.Equal((ExecutionStatus.Failed, "元素未找到", task.CurrentRunId, task.Id), (log.Status, log.ErrorMessage, log.ExecutionId, log.TaskId));
        Assert.Equal((ShadowBotLoopsHost.Robot, "fake app"), (log.ShadowBotAccount, log.AppName));
        // Robot times are Asia/Shanghai (UTC+8).
        Assert.Equal((new DateTime(2026, 11, 25, 8, 1, 0), new DateTime(2026, 11, 25, 8, 3, 30), 150d), (log.StartTime, log.EndTime, log.DurationSeconds));
        var ended = await _host.TaskAsync(task.Id);
        Assert.Equal((RobotTaskStatus.Pending, (string?)null, "元素未找到"), (ended.Status, ended.CurrentRunId, ended.ErrorMessage));
        Assert.Equal(AccountStatus.Failed, ended.Account!.Status);
    }

    [Fact]
    public async Task Reconcile_QueuedJobCancelledByShadowBot_RecordedAsStopped()
    {
        _host.Fake.Dispatch.AddClient(ShadowBotLoopsHost.Robot, status: "offline");
        var task = await _host.StartedTaskAsync();
        _host.Fake.Dispatch.EndJob(task.CurrentJobUuid!, "cancel", "等待超时");

        Assert.Equal(1, await _host.ReconcileAsync());

        var log = Assert.Single(await LogsAsync());
        Assert.Equal((ExecutionStatus.Stopped, "等待超时", _host.Now), (log.Status, log.ErrorMessage, log.EndTime));
        Assert.Equal(RobotTaskStatus.Pending, (await _host.TaskAsync(task.Id)).Status);
    }

    [Theory]
    [InlineData(429, "RequestLimitExceeded")]
    [InlineData(500, "internal error")]
    public async Task Reconcile_JobQueryRefused_TaskLeftForTheNextPass(int code, string message)
    {
        _host.Fake.Dispatch.AddClient(ShadowBotLoopsHost.Robot);
        var task = await _host.StartedTaskAsync();
        _host.Fake.Dispatch.EndJob(task.CurrentJobUuid!, "finish");
        _host.Core.Clock.Advance(TimeSpan.FromMinutes(6));
        // 429 is refused past every back-off the client allows.
        _host.Fake.Fail(JobQuery, code, message, times: code == 429 ? ShadowBotClient.MaxRateLimitRetries + 1 : 1, retryAfterSeconds: 0);

        Assert.Equal(0, await _host.ReconcileAsync());
        Assert.Equal(RobotTaskStatus.Running, (await _host.TaskAsync(task.Id)).Status);
        Assert.Empty(await LogsAsync());

        Assert.Equal(1, await _host.ReconcileAsync());
        Assert.Equal(ExecutionStatus.Completed, Assert.Single(await LogsAsync()).Status);
        Assert.Equal(RobotTaskStatus.Pending, (await _host.TaskAsync(task.Id)).Status);
    }

    [Fact]
    public async Task Reconcile_TwoInstancesAtOnce_OneRun()
    {
        _host.Fake.Dispatch.AddClient(ShadowBotLoopsHost.Robot);
        var task = await _host.StartedTaskAsync();
        _host.Fake.Dispatch.EndJob(task.CurrentJobUuid!, "finish");
        _host.Core.Clock.Advance(TimeSpan.FromMinutes(6));
        await using var second = _host.Core.OnTheSameDatabase();
        var secondIngest = second.Get<CallbackIngestQueue>();
        await secondIngest.StartAsync(Ct);

        var recorded = await Task.WhenAll(_host.ReconcileAsync(), second.Get<ShadowBotReconciler>().ReconcileAsync(Ct));
        await secondIngest.StopAsync(CancellationToken.None);

        Assert.Equal(1, recorded.Sum());
        Assert.Single(await LogsAsync());
    }

    private Task<List<ExecutionLog>> LogsAsync() => _host.Core.ReadAsync(db => db.ExecutionLogs.AsNoTracking().ToListAsync(Ct));
}
