using Microsoft.EntityFrameworkCore;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Dispatch;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Core.Tasks.Scheduling;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Dispatch;

/// <summary>How started runs end: the robot's callback through the ingest, the lost verdict, a restart mid-start, and two dispatchers on one database.</summary>
public abstract class DispatcherRunEndTests(DatabaseProvider provider) : IAsyncLifetime
{
    private DispatchTestBed _bed = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _bed = await DispatchTestBed.StartAsync(provider,
        ("Workbench:Dispatch:LostAfter", "00:30:00"), ("Workbench:Dispatch:LostGrace", "00:01:00"), ("Workbench:Dispatch:StartingGrace", "00:05:00"));

    public async ValueTask DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task Callback_ForAGroupRunOnAnotherRobot_EndsTheRunWithItsOutcome_LogOnTheTask_TaskOwnRunUntouched()
    {
        var taskRobot = await _bed.AddRobotAsync("tygj00001");
        var member = await _bed.AddRobotAsync("tygj00002");
        var group = await _bed.AddGroupAsync("财务组", member);
        var taskId = await _bed.AddTaskAsync(taskRobot);
        await using (var db = await _bed.Host.CreateDbContextAsync())
        {
            // The task's own interactive run is in progress on its robot.
            await db.Tasks.Where(t => t.Id == taskId).ExecuteUpdateAsync(set => set
                .SetProperty(t => t.Status, RobotTaskStatus.Running).SetProperty(t => t.CurrentRunId, "interactive-run"), Ct);
        }

        await _bed.EnqueueAsync("group-run", taskId, group: group);
        await _bed.PassAsync();
        _bed.Host.Clock.Advance(TimeSpan.FromSeconds(20));

        await _bed.ReportAsync("group-run", ExecutionStatus.Failed, outputs: """{"total":"3"}""", error: "发票号重复");
        var pass = await _bed.PassAsync();

        Assert.Equal(1, pass.Settled);
        var run = await _bed.RunAsync("group-run");
        var log = Assert.Single(await _bed.Host.LogsAsync());
        Assert.Equal((DispatchRunState.Ended, (ExecutionStatus?)ExecutionStatus.Failed, "发票号重复", (long?)log.Id, (DateTime?)_bed.Now),
            (run.State, run.Outcome, run.Error, run.ExecutionLogId, run.EndedAt));
        Assert.Equal(((long?)taskId, (long?)member, "group-run"), (log.TaskId, log.AccountId, log.ExecutionId));
        var task = await _bed.Host.TaskAsync(taskId);
        Assert.Equal((RobotTaskStatus.Running, "interactive-run"), (task.Status, task.CurrentRunId));
        Assert.Equal(AccountStatus.Failed, (await _bed.RobotAsync(member)).Status);
        Assert.Equal(["started", "ended"], _bed.Listener.Calls.Select(c => c.What));
        var ended = _bed.Listener.Calls.Last();
        Assert.Equal((ExecutionStatus.Failed, """{"total":"3"}"""), (ended.Outcome!.Value, ended.Outputs));
    }

    [Fact]
    public async Task Pass_NoCallbackPastTheTaskTimeOutAndGrace_RunLost_VerdictLogged_RobotIdle()
    {
        var robot = await _bed.AddRobotAsync("tygj00001");
        var taskId = await _bed.AddTaskAsync(robot, runTimeout: TimeSpan.FromMinutes(10));
        await _bed.EnqueueAsync("silent", taskId, account: robot);
        await _bed.PassAsync();
        var startedAt = _bed.Now;

        _bed.Host.Clock.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(0, (await _bed.PassAsync()).Lost);
        _bed.Host.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, (await _bed.PassAsync()).Lost);

        var run = await _bed.RunAsync("silent");
        var log = Assert.Single(await _bed.Host.LogsAsync());
        Assert.Equal((DispatchRunState.Ended, (ExecutionStatus?)ExecutionStatus.Lost, (long?)log.Id), (run.State, run.Outcome, run.ExecutionLogId));
        Assert.Equal((ExecutionStatus.Lost, RunKeys.ForVerdict("silent", ExecutionStatus.Lost), startedAt, (long?)taskId),
            (log.Status, log.DedupKey, log.StartTime, log.TaskId));
        Assert.Equal(AccountStatus.Failed, (await _bed.RobotAsync(robot)).Status);
        var rollup = await _bed.Host.ReadAsync(db => db.DailyRollups.AsNoTracking().SumAsync(r => r.Runs, Ct));
        Assert.Equal(1, rollup);
        var ended = _bed.Listener.Calls.Last();
        Assert.Equal(("ended", (ExecutionStatus?)ExecutionStatus.Lost), (ended.What, ended.Outcome));
    }

    [Fact]
    public async Task Pass_TaskWithoutTimeOut_LostAfterTheSettingPlusGrace()
    {
        var robot = await _bed.AddRobotAsync("tygj00001");
        var taskId = await _bed.AddTaskAsync(robot);
        await _bed.EnqueueAsync("silent", taskId, account: robot);
        await _bed.PassAsync();

        _bed.Host.Clock.Advance(TimeSpan.FromMinutes(31));
        Assert.Equal(0, (await _bed.PassAsync()).Lost);
        _bed.Host.Clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(1, (await _bed.PassAsync()).Lost);
    }

    [Fact]
    public async Task Restart_RunLeftStartingPastTheGrace_TreatedAsRunning_ThenEndedByItsCallback()
    {
        var robot = await _bed.AddRobotAsync("tygj00001", status: AccountStatus.Running);
        var taskId = await _bed.AddTaskAsync(robot);
        await _bed.EnqueueAsync("interrupted", taskId, account: robot);
        await using (var db = await _bed.Host.CreateDbContextAsync())
        {
            // As a dispatcher that crashed during the agent call left it.
            await db.DispatchRuns.ExecuteUpdateAsync(set => set.SetProperty(r => r.State, DispatchRunState.Starting)
                .SetProperty(r => r.AccountId, robot).SetProperty(r => r.StartedAt, _bed.Now), Ct);
        }

        await using var restarted = _bed.Host.OnTheSameDatabase();
        restarted.Clock.Advance(TimeSpan.FromMinutes(4));
        await _bed.PassAsync(restarted);
        Assert.Equal(DispatchRunState.Starting, (await _bed.RunAsync("interrupted")).State);

        restarted.Clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        await _bed.PassAsync(restarted);

        Assert.Equal(DispatchRunState.Running, (await _bed.RunAsync("interrupted")).State);
        Assert.Equal(("started", "interrupted"), (_bed.Listener.Calls.Single().What, _bed.Listener.Calls.Single().RunId));
        Assert.Empty(_bed.Starts);
        _bed.Host.Clock.SetUtcNow(restarted.Clock.GetUtcNow());
        await _bed.ReportAsync("interrupted");
        Assert.Equal(1, (await _bed.PassAsync(restarted)).Settled);
        Assert.Equal((ExecutionStatus?)ExecutionStatus.Completed, (await _bed.RunAsync("interrupted")).Outcome);
    }

    [Fact]
    public async Task TwoDispatchersOnOneDatabase_EachRunStartsOnce_NoRobotGetsTwoRuns()
    {
        var robots = new List<long>();
        for (var i = 1; i <= 4; i++)
        {
            robots.Add(await _bed.AddRobotAsync($"tygj0000{i}"));
        }

        var group = await _bed.AddGroupAsync("财务组", [.. robots]);
        var taskId = await _bed.AddTaskAsync(robots[0], group);
        for (var i = 1; i <= 10; i++)
        {
            await _bed.EnqueueAsync($"run-{i:00}", taskId, group: group);
        }

        await using var second = _bed.Host.OnTheSameDatabase();
        for (var round = 0; round < 10 && _bed.Starts.Count < 10; round++)
        {
            await Task.WhenAll(_bed.PassAsync(), _bed.PassAsync(second));

            var inFlight = await _bed.Host.ReadAsync(db => db.DispatchRuns.AsNoTracking()
                .Where(r => r.State == DispatchRunState.Starting || r.State == DispatchRunState.Running).ToListAsync(Ct));
            Assert.All(inFlight.GroupBy(r => r.AccountId), robot => Assert.Single(robot));
            foreach (var run in inFlight)
            {
                await _bed.ReportAsync(run.RunId);
            }
        }

        Assert.Equal(10, _bed.Starts.Count);
        Assert.Equal(10, _bed.Starts.Select(s => s.RunId).Distinct().Count());
        Assert.Equal(10, _bed.Listener.Calls.Count(c => c.What == "started"));
    }

    [Fact]
    public async Task StartOfAGroupTask_QueuesARunForTheGroup_WithCheckedParameters()
    {
        var robot = await _bed.AddRobotAsync("tygj00001");
        var group = await _bed.AddGroupAsync("财务组", robot);
        var taskId = await _bed.AddTaskAsync(robot, group);
        await using (var db = await _bed.Host.CreateDbContextAsync())
        {
            var task = await db.Tasks.SingleAsync(t => t.Id == taskId, Ct);
            task.Parameters = [new TaskParameter("region", TaskParameterType.Text) { Default = "华北" }];
            await db.SaveChangesAsync(Ct);
        }

        var result = await _bed.Host.Get<TaskRunService>().StartAsync(taskId, Ct);

        Assert.Equal(TaskStartResult.Enqueued, result);
        var queued = await _bed.Host.ReadAsync(db => db.DispatchRuns.AsNoTracking().SingleAsync(Ct));
        Assert.Equal(((long?)group, (long?)null, RunPriority.Normal, DispatchRunState.Waiting, 32),
            (queued.TargetGroupId, queued.TargetAccountId, queued.Priority, queued.State, queued.RunId.Length));
        Assert.Equal("华北", queued.Parameters["region"]);
        Assert.Equal(RobotTaskStatus.Pending, (await _bed.Host.TaskAsync(taskId)).Status);
        Assert.Empty(_bed.Agent.Requests);

        await _bed.PassAsync();
        Assert.Equal((queued.RunId, "tygj00001"), Assert.Single(_bed.Starts));
    }

    [Fact]
    public async Task ScheduledFireOfAGroupTask_QueuesARunInsteadOfStarting()
    {
        var robot = await _bed.AddRobotAsync("tygj00001");
        var group = await _bed.AddGroupAsync("财务组", robot);
        var taskId = await _bed.AddTaskAsync(robot, group);
        await using (var db = await _bed.Host.CreateDbContextAsync())
        {
            await db.Tasks.Where(t => t.Id == taskId).ExecuteUpdateAsync(set => set
                .SetProperty(t => t.TriggerTime, _bed.Now.AddMinutes(1)).SetProperty(t => t.ScheduledThrough, _bed.Now), Ct);
        }

        _bed.Host.Clock.Advance(TimeSpan.FromMinutes(1));
        var fire = Assert.Single(await _bed.Host.Get<ScheduleRunner>().FireDueAsync(Ct));

        Assert.True(fire.Started);
        var queued = await _bed.Host.ReadAsync(db => db.DispatchRuns.AsNoTracking().SingleAsync(Ct));
        Assert.Equal(((long?)group, DispatchRunState.Waiting), (queued.TargetGroupId, queued.State));
        Assert.Empty(_bed.Agent.Requests);
    }
}

public sealed class DispatcherRunEndTestsOnSqlite() : DispatcherRunEndTests(DatabaseProvider.Sqlite);

public sealed class DispatcherRunEndTestsOnPostgreSql() : DispatcherRunEndTests(DatabaseProvider.PostgreSQL);
