using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Robots;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Tests.Infrastructure;
using RpaWorkbench.Tests.Storage;

namespace RpaWorkbench.Tests.Robots;

/// <summary>
/// The whole loop over real HTTP: the Workbench's robot agent client → the simulated agent on loopback → the
/// Workbench's webhook endpoints → SQLite. Each test drives a different demo robot, so they share one host. The host's
/// clock moves only when a test advances it, and only once the robot is seen waiting on it: how long a run lasts, and
/// whether a stop comes before its end, never depend on how busy the machine is.
/// </summary>
public sealed partial class SimulatedRobotTests(SimulatedWorkbenchFactory workbench) : IClassFixture<SimulatedWorkbenchFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IRobotAgent Agent => workbench.Get<IRobotAgent>();

    [Fact]
    public async Task Start_DemoRobot_ConfirmsThenLogsTheRunUnderItsRunIdAndUpdatesAccountAndTask()
    {
        var (account, task) = await RobotAsync("kefu01");
        var runId = NewRunId();
        var timers = Clock.TimersSet;

        var result = await Agent.StartAsync(Endpoint(account), StartRequest(runId, account, task), Ct);

        Assert.Equal(RobotAgentResult.Accepted, result);
        await Clock.LetTheRobotConfirmAsync(timers);
        await workbench.EventuallyAsync(db => db.Accounts.SingleOrDefaultAsync(a => a.Id == account.Id && a.Status == AccountStatus.Running, Ct), "the confirm");
        var worked = await Clock.LetTheRobotFinishAsync(timers);
        var log = await LogAsync(runId);
        Assert.Equal(ExecutionStatus.Completed, log.Status);
        Assert.Equal((task.Id, account.Id, "10.8.0.15", task.AppName), (log.TaskId, log.AccountId, log.HostIp, log.AppName));
        Assert.InRange(worked, SimulatedWorkbenchFactory.MinRunDuration, SimulatedWorkbenchFactory.MaxRunDuration);
        // The robot reports its times to the millisecond.
        Assert.InRange(log.EndTime - log.StartTime, worked - TimeSpan.FromMilliseconds(1), worked);
        Assert.True(log.LogInfo);
        Assert.True(log.SuccessItems + log.FailedItems <= log.TotalItems && log.TotalItems > 0);
        Assert.StartsWith($"{workbench.ClientOptions.BaseAddress}api/v1/resources/objects/runs/simulated/", log.LogUrl, StringComparison.Ordinal);
        Assert.Contains(runId, log.LogContent, StringComparison.Ordinal);

        var (after, taskAfter) = await RobotAsync("kefu01");
        Assert.Equal((AccountStatus.Completed, log.EndTime, task.AppName), (after.Status, after.EndTime, after.RecentApp));
        Assert.Equal((RobotTaskStatus.Pending, log.StartTime), (taskAfter.Status, taskAfter.LastRunTime));
    }

    [Fact]
    public async Task Start_SameRunIdTwice_IsOneRunAndOneLog()
    {
        var (account, task) = await RobotAsync("caiwu01");
        var runId = NewRunId();
        var timers = Clock.TimersSet;

        var first = await Agent.StartAsync(Endpoint(account), StartRequest(runId, account, task), Ct);
        var again = await Agent.StartAsync(Endpoint(account), StartRequest(runId, account, task), Ct);
        await PlayRunAsync(timers);
        await LogAsync(runId);
        var afterTheRun = await Agent.StartAsync(Endpoint(account), StartRequest(runId, account, task), Ct);

        Assert.All([first, again, afterTheRun], r => Assert.Equal(RobotAgentOutcome.Accepted, r.Outcome));
        Assert.Equal(1, await workbench.QueryAsync(db => db.ExecutionLogs.CountAsync(l => l.ExecutionId == runId, Ct)));
        Assert.Single(workbench.Logs.Entries, e => e.Message.Contains($"started run {runId}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_AnotherRunWhileBusy_IsBusyWithTheRunningRunNamed()
    {
        var (account, task) = await RobotAsync("tygj003");
        var running = NewRunId();
        var timers = Clock.TimersSet;
        Assert.True((await Agent.StartAsync(Endpoint(account), StartRequest(running, account, task), Ct)).IsAccepted);

        var second = await Agent.StartAsync(Endpoint(account), StartRequest(NewRunId(), account, task), Ct);

        Assert.Equal(RobotAgentOutcome.Busy, second.Outcome);
        Assert.Contains(running, second.Message, StringComparison.Ordinal);
        await PlayRunAsync(timers);
        Assert.Equal(ExecutionStatus.Completed, (await LogAsync(running)).Status);
    }

    [Fact]
    public async Task Stop_RunningRun_EndsItAsFailedStoppedByOperator()
    {
        var (account, task) = await RobotAsync("tygj004");
        var runId = NewRunId();
        var timers = Clock.TimersSet;
        Assert.True((await Agent.StartAsync(Endpoint(account), StartRequest(runId, account, task), Ct)).IsAccepted);
        await Clock.LetTheRobotConfirmAsync(timers);
        await workbench.EventuallyAsync(db => db.Accounts.SingleOrDefaultAsync(a => a.Id == account.Id && a.Status == AccountStatus.Running, Ct), "the confirm");
        await Clock.WaitForTimerAsync(timers, SimulatedRobotSteps.IsRunWork, "the robot working on the run");

        var result = await Agent.StopAsync(Endpoint(account), new RobotStopRequest(runId, task.Id, task.AppName, account.ShadowBotAccount), Ct);

        Assert.Equal(RobotAgentResult.Accepted, result);
        var log = await LogAsync(runId);
        Assert.Equal((ExecutionStatus.Failed, "stopped by operator"), (log.Status, log.ErrorMessage));
        // The clock has not moved since the confirm: the stop ended the run, its work could not have run out.
        Assert.Equal(log.StartTime, log.EndTime);
        var (after, taskAfter) = await RobotAsync("tygj004");
        Assert.Equal(AccountStatus.Failed, after.Status);
        Assert.Equal("stopped by operator", taskAfter.ErrorMessage);
    }

    [Fact]
    public async Task Start_TaskWithConfigFile_TheRobotDownloadsItThroughItsLinkOverLoopback()
    {
        var services = workbench.Get<IServiceProvider>();
        var taskId = await RobotConfigCalls.AddTaskAsync(services, account: "sim-config", host: "10.9.9.9");
        var bytes = StoredBytes.Random(4321);
        var timers = Clock.TimersSet;
        await using (var scope = services.CreateAsyncScope())
        {
            using var content = new MemoryStream(bytes);
            await WorkbenchAppFactory.AsAdmin<TaskConfigService>(scope).ReplaceConfigFileAsync(taskId, "sim.json", content, bytes.Length, null, Ct);
            await WorkbenchAppFactory.AsAdmin<TaskRunService>(scope).StartAsync(taskId, Ct);
        }

        await PlayRunAsync(timers);
        var log = await workbench.EventuallyAsync(db => db.ExecutionLogs.AsNoTracking().SingleOrDefaultAsync(l => l.TaskId == taskId, Ct), "the run's log");

        Assert.Contains(workbench.Logs.Entries, e => e.Message.Contains($"downloaded the config file of run {log.ExecutionId} (4321 bytes)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stop_UnknownRun_IsAccepted()
    {
        var (account, task) = await RobotAsync("caiwu02");

        var result = await Agent.StopAsync(Endpoint(account), new RobotStopRequest(NewRunId(), task.Id, task.AppName, account.ShadowBotAccount), Ct);

        Assert.Equal(RobotAgentResult.Accepted, result);
    }

    [Fact]
    public async Task Resolve_EveryRobotEvenOnAnotherNetwork_IsTheSimulatorOnLoopback()
    {
        var addresses = workbench.Get<RobotAddresses>();
        var simulator = workbench.Get<SimulatedRobotAddress>().BaseAddress;
        var robots = (await workbench.QueryAsync(db => db.Accounts.ToListAsync(Ct))).Select(Endpoint)
            .Append(new RobotEndpoint("10.20.30.40", 8080, "ghost-10.20.30.40:8080"));

        Assert.All(robots, robot =>
        {
            Assert.True(addresses.TryResolve(robot, out var baseAddress, out _));
            Assert.Equal(("127.0.0.1", simulator.Port), (baseAddress.Host, baseAddress.Port));
        });
    }

    [Fact]
    public async Task Heartbeats_LongSilentDemoRobot_ComesOnline()
    {
        var before = Clock.GetUtcNow().UtcDateTime;

        Clock.Advance(SimulatedWorkbenchFactory.HeartbeatInterval);

        var account = await workbench.EventuallyAsync(
            db => db.Accounts.SingleOrDefaultAsync(a => a.ShadowBotAccount == "caiwu02" && a.LastHeartbeatAt > before, Ct), "a heartbeat");
        Assert.False(account.Unregistered);
    }

    [Fact]
    public async Task Startup_CreatesOneActiveSimulatorKeyAndUsesIt()
    {
        await RobotAsync("tygj001");

        var key = await workbench.EventuallyAsync(
            db => db.ApiKeys.SingleOrDefaultAsync(k => k.Name == "simulated robot" && k.RevokedAt == null && k.LastUsedAt != null, Ct), "the key in use");

        Assert.Equal("simulated robot", key.CreatedBy);
        Assert.DoesNotContain(workbench.Logs.Entries, e => WholeKey().IsMatch(e.Message));
    }

    private TestClock Clock => workbench.Clock;

    /// <summary>A started run, played to its end: the robot opens the app, confirms, works and reports completion.</summary>
    private async Task PlayRunAsync(int timersBefore)
    {
        await Clock.LetTheRobotConfirmAsync(timersBefore);
        await Clock.LetTheRobotFinishAsync(timersBefore);
    }

    private async Task<(Account Account, RobotTask Task)> RobotAsync(string name)
    {
        var account = await workbench.QueryAsync(db => db.Accounts.AsNoTracking().Include(a => a.Tasks).SingleAsync(a => a.ShadowBotAccount == name, Ct));
        return (account, account.Tasks.Single());
    }

    private Task<ExecutionLog> LogAsync(string runId) =>
        workbench.EventuallyAsync(db => db.ExecutionLogs.AsNoTracking().SingleOrDefaultAsync(l => l.ExecutionId == runId, Ct), $"the log of run {runId}");

    private static RobotEndpoint Endpoint(Account account) => new(account.HostIp, account.Port, account.TaskControl);

    private static RobotStartRequest StartRequest(string runId, Account account, RobotTask task) =>
        new(runId, task.Id, task.TaskName, task.AppName, account.ShadowBotAccount, Config: null, ConfigFileUrl: null);

    // Longer than the prefix that may be logged (wbk_ and 8 characters): a secret.
    [GeneratedRegex("wbk_[A-Za-z0-9_-]{9,}")]
    private static partial Regex WholeKey();

    private static string NewRunId() => $"run-{Guid.NewGuid():N}";
}
