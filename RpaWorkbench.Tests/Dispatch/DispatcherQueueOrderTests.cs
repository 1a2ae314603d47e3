using System.Net;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Batches;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Dispatch;
using RpaWorkbench.Core.Live;

namespace RpaWorkbench.Tests.Dispatch;

/// <summary>Which waiting run starts, and on which robot: order, holds, batch limits, groups, expiry, refusals.</summary>
public abstract class DispatcherQueueOrderTests(DatabaseProvider provider) : IAsyncLifetime
{
    private DispatchTestBed _bed = null!;

    public async ValueTask InitializeAsync() => _bed = await DispatchTestBed.StartAsync(provider);

    public async ValueTask DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task Pass_OneRobot_ServesHighPriorityFirstThenFirstQueued()
    {
        var robot = await _bed.AddRobotAsync("tygj00001");
        var task = await _bed.AddTaskAsync(robot);
        await _bed.EnqueueAsync("low-early", task, account: robot, priority: RunPriority.Low, enqueuedAt: _bed.Now.AddMinutes(-10));
        await _bed.EnqueueAsync("normal-late", task, account: robot, enqueuedAt: _bed.Now.AddMinutes(-1));
        await _bed.EnqueueAsync("normal-early", task, account: robot, enqueuedAt: _bed.Now.AddMinutes(-5));
        await _bed.EnqueueAsync("high-latest", task, account: robot, priority: RunPriority.High);

        var order = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var pass = await _bed.PassAsync();
            Assert.Equal(1, pass.Started);
            order.Add(_bed.Starts[^1].RunId);
            await _bed.ReportAsync(order[^1]);
        }

        Assert.Equal(["high-latest", "normal-early", "normal-late", "low-early"], order);
    }

    [Fact]
    public async Task Pass_RunHeldByNotBefore_StartsOnlyOnceItPasses()
    {
        var robot = await _bed.AddRobotAsync("tygj00001");
        var task = await _bed.AddTaskAsync(robot);
        await _bed.EnqueueAsync("backoff", task, account: robot, notBefore: _bed.Now.AddSeconds(30));

        Assert.Equal(0, (await _bed.PassAsync()).Started);
        _bed.Host.Clock.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(1, (await _bed.PassAsync()).Started);
        Assert.Equal(DispatchRunState.Running, (await _bed.RunAsync("backoff")).State);
    }

    [Fact]
    public async Task Pass_PausedBatch_NotServed_OtherRunsAre()
    {
        var first = await _bed.AddRobotAsync("tygj00001");
        var second = await _bed.AddRobotAsync("tygj00002");
        var group = await _bed.AddGroupAsync("财务组", first, second);
        var task = await _bed.AddTaskAsync(first);
        var paused = await _bed.AddBatchAsync(task, BatchState.Paused);
        await _bed.EnqueueAsync("paused-item", task, group: group, priority: RunPriority.High, batchId: paused);
        await _bed.EnqueueAsync("own-run", task, group: group);

        var pass = await _bed.PassAsync();

        Assert.Equal(1, pass.Started);
        Assert.Equal("own-run", Assert.Single(_bed.Starts).RunId);
        Assert.Equal(DispatchRunState.Waiting, (await _bed.RunAsync("paused-item")).State);
    }

    [Fact]
    public async Task Pass_BatchConcurrencyTwo_ThreeIdleRobots_StartsTwoThenTheThirdWhenOneEnds()
    {
        var robots = new[] { await _bed.AddRobotAsync("tygj00001"), await _bed.AddRobotAsync("tygj00002"), await _bed.AddRobotAsync("tygj00003") };
        var group = await _bed.AddGroupAsync("财务组", robots);
        var task = await _bed.AddTaskAsync(robots[0]);
        var batch = await _bed.AddBatchAsync(task, concurrency: 2);
        foreach (var item in new[] { "item-1", "item-2", "item-3" })
        {
            await _bed.EnqueueAsync(item, task, group: group, batchId: batch);
        }

        Assert.Equal(2, (await _bed.PassAsync()).Started);
        Assert.Equal(0, (await _bed.PassAsync()).Started);
        await _bed.ReportAsync("item-1");

        var pass = await _bed.PassAsync();

        Assert.Equal((1, 1), (pass.Settled, pass.Started));
        // The first two start side by side, in either order.
        Assert.Equal(["item-1", "item-2"], _bed.Starts.Take(2).Select(s => s.RunId).Order());
        Assert.Equal("item-3", _bed.Starts[2].RunId);
    }

    [Fact]
    public async Task Pass_GroupTarget_SkipsBusyAndOfflineMembers_PicksTheOneIdleLongest()
    {
        var busy = await _bed.AddRobotAsync("busy", status: AccountStatus.Running);
        var offline = await _bed.AddRobotAsync("offline", heartbeat: _bed.Now.AddMinutes(-10), lastRunEnded: _bed.Now.AddDays(-3));
        var idleLong = await _bed.AddRobotAsync("idle-long", lastRunEnded: _bed.Now.AddHours(-2));
        var idleShort = await _bed.AddRobotAsync("idle-short", lastRunEnded: _bed.Now.AddMinutes(-1));
        var outsider = await _bed.AddRobotAsync("outsider", lastRunEnded: _bed.Now.AddDays(-5));
        var group = await _bed.AddGroupAsync("财务组", busy, offline, idleLong, idleShort);
        var task = await _bed.AddTaskAsync(outsider, group);
        await _bed.EnqueueAsync("any-idle", task, group: group);

        await _bed.PassAsync();

        Assert.Equal(("any-idle", "idle-long"), Assert.Single(_bed.Starts));
        var run = await _bed.RunAsync("any-idle");
        Assert.Equal((DispatchRunState.Running, (long?)idleLong), (run.State, run.AccountId));
        Assert.Equal(AccountStatus.Running, (await _bed.RobotAsync(idleLong)).Status);
    }

    [Fact]
    public async Task Pass_TargetWithoutIdleRobot_DoesNotHoldUpRunsOfOtherTargets()
    {
        var busy = await _bed.AddRobotAsync("busy", status: AccountStatus.Running);
        var idle = await _bed.AddRobotAsync("idle");
        var task = await _bed.AddTaskAsync(busy);
        await _bed.EnqueueAsync("for-busy", task, account: busy, priority: RunPriority.High);
        await _bed.EnqueueAsync("for-idle", task, account: idle, priority: RunPriority.Low);

        await _bed.PassAsync();

        Assert.Equal(("for-idle", "idle"), Assert.Single(_bed.Starts));
        Assert.Equal(DispatchRunState.Waiting, (await _bed.RunAsync("for-busy")).State);
    }

    [Fact]
    public async Task Pass_WaitTimeOutPassed_RunExpiresAndItsOwnerIsTold()
    {
        var robot = await _bed.AddRobotAsync("busy", status: AccountStatus.Running);
        var task = await _bed.AddTaskAsync(robot);
        await _bed.EnqueueAsync("short-wait", task, account: robot, expiresAt: _bed.Now.AddMinutes(1));
        Assert.Equal(0, (await _bed.PassAsync()).Expired);
        _bed.Host.Clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(1, (await _bed.PassAsync()).Expired);

        var run = await _bed.RunAsync("short-wait");
        Assert.Equal((DispatchRunState.Expired, (DateTime?)_bed.Now), (run.State, run.EndedAt));
        var told = Assert.Single(_bed.Listener.Calls);
        Assert.Equal(("ended", "short-wait", DispatchRunState.Expired), (told.What, told.RunId, told.State));
        Assert.Empty(_bed.Starts);
    }

    [Fact]
    public async Task Pass_AgentRefuses_RunEndsWithoutOutcome_RobotIdleAgain_OwnerTold()
    {
        var robot = await _bed.AddRobotAsync("tygj00001", status: AccountStatus.Completed);
        var task = await _bed.AddTaskAsync(robot);
        await _bed.EnqueueAsync("refused", task, account: robot);
        _bed.Agent.Then(HttpStatusCode.BadRequest, """{"error":"app 财务日报 is not installed"}""");

        var pass = await _bed.PassAsync();

        Assert.Equal((0, 1), (pass.Started, pass.NotStarted));
        var run = await _bed.RunAsync("refused");
        Assert.Equal((DispatchRunState.Ended, null), (run.State, run.Outcome));
        Assert.Contains("not installed", run.Error, StringComparison.Ordinal);
        Assert.Equal(AccountStatus.Completed, (await _bed.RobotAsync(robot)).Status);
        var told = Assert.Single(_bed.Listener.Calls);
        Assert.Equal(("ended", DispatchRunState.Ended, null), (told.What, told.State, told.Outcome));
    }

    [Fact]
    public async Task HostedDispatcher_QueueChangedEvent_WakesItWithoutWaitingForTheNextTick()
    {
        await _bed.DisposeAsync();
        _bed = await DispatchTestBed.StartAsync(provider, ("Workbench:Dispatch:WakeDebounce", "00:00:00"));
        var robot = await _bed.AddRobotAsync("tygj00001");
        var task = await _bed.AddTaskAsync(robot);
        var dispatcher = _bed.Host.Get<Dispatcher>();
        var timersBefore = _bed.Host.Clock.TimersSet;
        await dispatcher.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            // The poll timer is set after the first pass, which found nothing; the fake clock never ticks, so only the
            // event can start the run.
            await WaitUntilAsync(() => Task.FromResult(_bed.Host.Clock.TimersSet > timersBefore));
            await _bed.EnqueueAsync("woken", task, account: robot);
            _bed.Host.Get<IWorkbenchEvents>().Publish([new QueueChanged(task)]);

            await WaitUntilAsync(async () => (await _bed.RunAsync("woken")).State == DispatchRunState.Running);
            Assert.Equal(("woken", "tygj00001"), Assert.Single(_bed.Starts));
        }
        finally
        {
            await dispatcher.StopAsync(CancellationToken.None);
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Gave up waiting for the dispatcher.");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }
}

public sealed class DispatcherQueueOrderTestsOnSqlite() : DispatcherQueueOrderTests(DatabaseProvider.Sqlite);

public sealed class DispatcherQueueOrderTestsOnPostgreSql() : DispatcherQueueOrderTests(DatabaseProvider.PostgreSQL);
