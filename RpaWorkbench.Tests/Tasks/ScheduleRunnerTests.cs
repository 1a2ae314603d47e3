using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Audit;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Core.Tasks.Scheduling;
using RpaWorkbench.Core.Webhooks;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Tasks;

/// <summary>
/// Schedules fire once per fire time, in the operator's zone (Asia/Shanghai unless a test says otherwise), against a
/// real loopback robot agent and each database provider, with the clock driven by the test. The host's clock starts at
/// 2026-11-25 08:00 UTC, 16:00 in Shanghai.
/// </summary>
public abstract class ScheduleRunnerTests(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly DateTime ShanghaiMidnightNov26 = new(2026, 11, 25, 16, 0, 0, DateTimeKind.Utc);

    private RecordingRobotAgent _agent = null!;
    private CoreTestHost _host = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private DateTime Now => _host.Clock.GetUtcNow().UtcDateTime;

    private int Starts => _agent.Requests.Count(r => r.Path == "/start");

    public async ValueTask InitializeAsync()
    {
        _agent = await RecordingRobotAgent.StartAsync();
        _host = await NewHostAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await _agent.DisposeAsync();
    }

    [Fact]
    public async Task DailyCronInShanghai_FiresAtLocalMidnight_1600Utc()
    {
        var taskId = await AddTaskAsync(cron: "0 0 * * *");
        AdvanceTo(ShanghaiMidnightNov26.AddSeconds(-1));
        Assert.Empty(await FireAsync());

        _host.Clock.Advance(TimeSpan.FromSeconds(1));

        var fire = Assert.Single(await FireAsync());
        Assert.Equal((taskId, ShanghaiMidnightNov26, true), (fire.TaskId, fire.FireTime, fire.Started));
        Assert.Equal(1, Starts);
        var task = await TaskAsync(taskId);
        Assert.Equal((RobotTaskStatus.Running, (DateTime?)ShanghaiMidnightNov26), (task.Status, task.ScheduledThrough));
        var started = Assert.Single(await AuditAsync(), e => e.Action == AuditActions.TaskStarted);
        Assert.Equal((AuditActors.Scheduler, taskId.ToString(System.Globalization.CultureInfo.InvariantCulture)), (started.Actor, started.TargetId));
    }

    [Fact]
    public async Task TwoPassesAtTheSameInstant_OneStart()
    {
        await AddTaskAsync(cron: "0 0 * * *");
        AdvanceTo(ShanghaiMidnightNov26);

        Assert.Single(await FireAsync());
        Assert.Empty(await FireAsync());

        Assert.Equal(1, Starts);
    }

    [Fact]
    public async Task Restart_DoesNotFireAgain_ButFiresTheNextOccurrence()
    {
        var taskId = await AddTaskAsync(cron: "0 0 * * *");
        AdvanceTo(ShanghaiMidnightNov26);
        Assert.Single(await FireAsync());
        await CompleteRunAsync(taskId);

        await using var restarted = _host.OnTheSameDatabase();
        restarted.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Empty(await FireAsync(restarted));
        Assert.Equal(1, Starts);

        restarted.Clock.Advance(TimeSpan.FromDays(1));

        var fire = Assert.Single(await FireAsync(restarted));
        Assert.Equal(ShanghaiMidnightNov26.AddDays(1), fire.FireTime);
        Assert.Equal(2, Starts);
    }

    [Fact]
    public async Task ThreeOccurrencesMissedWhileDown_OneRunAtStartUp()
    {
        var taskId = await AddTaskAsync(cron: "0 0 * * *");
        _host.Clock.Advance(TimeSpan.FromDays(3));

        await using var restarted = _host.OnTheSameDatabase();
        var fire = Assert.Single(await FireAsync(restarted));
        Assert.Empty(await FireAsync(restarted));

        Assert.Equal((ShanghaiMidnightNov26, true), (fire.FireTime, fire.Started));
        Assert.Equal(1, Starts);
        Assert.Equal(restarted.Clock.GetUtcNow().UtcDateTime, (await TaskAsync(taskId)).ScheduledThrough);
    }

    [Fact]
    public async Task OneShot_FiresOnceAndNeverAgain()
    {
        var trigger = Now.AddHours(1);
        var taskId = await AddTaskAsync(trigger: trigger);
        _host.Clock.Advance(TimeSpan.FromMinutes(59));
        Assert.Empty(await FireAsync());

        _host.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(trigger, Assert.Single(await FireAsync()).FireTime);
        await CompleteRunAsync(taskId);

        _host.Clock.Advance(TimeSpan.FromDays(2));
        Assert.Empty(await FireAsync());
        await using var restarted = _host.OnTheSameDatabase();
        Assert.Empty(await FireAsync(restarted));
        Assert.Equal(1, Starts);
    }

    [Fact]
    public async Task RobotBusyWithAnotherTask_FireSkippedAndRecorded_NotQueued()
    {
        var other = await AddTaskAsync("周报");
        var taskId = await AddTaskAsync(cron: "0 0 * * *");
        await _host.Get<TaskRunService>().StartAsync(other, Ct);
        AdvanceTo(ShanghaiMidnightNov26);

        var fire = Assert.Single(await FireAsync());

        Assert.Equal((taskId, TaskErrorCodes.RobotBusy), (fire.TaskId, fire.SkipCode));
        Assert.Equal(1, Starts);
        var task = await TaskAsync(taskId);
        Assert.Equal(RobotTaskStatus.Pending, task.Status);
        Assert.StartsWith("Scheduled run of 2026-11-26 00:00:00 (UTC+08:00) skipped: Robot tygj00001 is already running task '周报'",
            task.ErrorMessage, StringComparison.Ordinal);
        var skipped = Assert.Single(await AuditAsync(), e => e.Action == AuditActions.TaskScheduleSkipped);
        Assert.Equal((AuditActors.Scheduler, "日报汇总"), (skipped.Actor, skipped.TargetName));
        Assert.Contains(("fire_time", null, "2026-11-25T16:00:00Z"), skipped.Changes());
        Assert.Contains(("reason", null, TaskErrorCodes.RobotBusy), skipped.Changes());

        await CompleteRunAsync(other);
        _host.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Empty(await FireAsync());
        Assert.Equal(1, Starts);

        _host.Clock.Advance(TimeSpan.FromDays(1));
        Assert.True(Assert.Single(await FireAsync()).Started);
        Assert.Equal(2, Starts);
    }

    [Fact]
    public async Task TaskStillRunningItsLastRun_FireSkippedWithoutTouchingTheRun()
    {
        var taskId = await AddTaskAsync(cron: "0 0 * * *");
        await _host.Get<TaskRunService>().StartAsync(taskId, Ct);
        var running = await TaskAsync(taskId);
        AdvanceTo(ShanghaiMidnightNov26);

        var fire = Assert.Single(await FireAsync());

        Assert.Equal(TaskErrorCodes.TaskNotPending, fire.SkipCode);
        var task = await TaskAsync(taskId);
        Assert.Equal((RobotTaskStatus.Running, running.CurrentRunId, running.UpdatedAt), (task.Status, task.CurrentRunId, task.UpdatedAt));
        Assert.EndsWith("skipped: The task was still running.", task.ErrorMessage, StringComparison.Ordinal);
        Assert.Single(await AuditAsync(), e => e.Action == AuditActions.TaskScheduleSkipped);
        Assert.Equal(1, Starts);
    }

    [Theory]
    [InlineData(HttpStatusCode.Conflict, TaskErrorCodes.RobotBusy)]
    [InlineData(HttpStatusCode.InternalServerError, TaskErrorCodes.RobotUnreachable)]
    public async Task AgentDoesNotTakeTheRun_FireSkippedAndRecorded(HttpStatusCode answer, string code)
    {
        var taskId = await AddTaskAsync(cron: "0 0 * * *");
        AdvanceTo(ShanghaiMidnightNov26);
        _agent.Then(answer, """{"message":"机器人正在执行其他流程"}""");

        var fire = Assert.Single(await FireAsync());

        Assert.Equal(code, fire.SkipCode);
        var task = await TaskAsync(taskId);
        Assert.Equal(RobotTaskStatus.Pending, task.Status);
        Assert.StartsWith("Scheduled run of 2026-11-26 00:00:00 (UTC+08:00) skipped:", task.ErrorMessage, StringComparison.Ordinal);
        var skipped = Assert.Single(await AuditAsync(), e => e.Action == AuditActions.TaskScheduleSkipped);
        Assert.Contains(("reason", null, code), skipped.Changes());
        Assert.Empty(await FireAsync());
        Assert.Equal(1, Starts);
    }

    [Fact]
    public async Task ScheduleSetAfterAnOccurrence_DoesNotFireIt()
    {
        AdvanceTo(ShanghaiMidnightNov26.AddMinutes(5));
        var taskId = await AddTaskAsync(cron: "0 0 * * *", trigger: ShanghaiMidnightNov26.AddMinutes(1));

        Assert.Empty(await FireAsync());

        _host.Clock.Advance(TimeSpan.FromDays(1));
        var fire = Assert.Single(await FireAsync());
        Assert.Equal((taskId, ShanghaiMidnightNov26.AddDays(1)), (fire.TaskId, fire.FireTime));
    }

    [Fact]
    public async Task TaskFromBeforeScheduledThrough_CountsFromItsLastChange()
    {
        var pastTrigger = Now.AddHours(-1);
        var legacy = await AddTaskAsync(cron: "0 0 * * *", trigger: pastTrigger);
        await using (var db = await _host.CreateDbContextAsync())
        {
            await db.Tasks.ExecuteUpdateAsync(set => set.SetProperty(t => t.ScheduledThrough, (DateTime?)null), Ct);
        }

        Assert.Empty(await FireAsync());
        _host.Clock.Advance(TimeSpan.FromDays(3));

        var fire = Assert.Single(await FireAsync());
        Assert.Equal((legacy, ShanghaiMidnightNov26), (fire.TaskId, fire.FireTime));
        Assert.Equal(1, Starts);
    }

    [Fact]
    public async Task TwoInstancesOnOneFilePassingAtOnce_EachFireStartsOnce()
    {
        string[] robots = ["tygj00001", "tygj00002", "tygj00003"];
        foreach (var robot in robots)
        {
            await AddTaskAsync($"日报-{robot}", cron: "0 0 * * *", account: robot);
        }

        AdvanceTo(ShanghaiMidnightNov26);
        await using var second = _host.OnTheSameDatabase();

        var passes = await Task.WhenAll(FireAsync(_host), FireAsync(second), FireAsync(_host), FireAsync(second));

        Assert.Equal(robots.Length, passes.Sum(p => p.Count));
        Assert.Equal(robots.Length, Starts);
        Assert.Equal(robots.Length, _agent.Requests.Select(r => r.IdempotencyKey).Distinct().Count());
    }

    [Fact]
    public async Task RobotSlowToAnswer_DoesNotHoldUpAnotherRobotDueAtTheSameTime()
    {
        await AddTaskAsync("日报-1", cron: "0 0 * * *", account: "tygj00001");
        await AddTaskAsync("日报-2", cron: "0 0 * * *", account: "tygj00002");
        AdvanceTo(ShanghaiMidnightNov26);
        var answerTheFirst = _agent.ThenHold();

        var pass = FireAsync();

        try
        {
            // The second start reaches its robot while the first robot has not answered: the pass does not wait for it.
            await WaitUntilAsync(() => Starts == 2, "both robots' start requests while the first is unanswered");
        }
        finally
        {
            answerTheFirst();
        }

        Assert.Equal(2, (await pass).Count(f => f.Started));
    }

    [Fact]
    public async Task UnparseableStoredCron_SkippedWithoutStoppingOtherTasks()
    {
        var broken = await AddTaskAsync("坏的", cron: "0 0 * * *", account: "tygj00002");
        var healthy = await AddTaskAsync(cron: "0 0 * * *");
        await using (var db = await _host.CreateDbContextAsync())
        {
            await db.Tasks.Where(t => t.Id == broken).ExecuteUpdateAsync(set => set.SetProperty(t => t.CronExpression, "61 25 * *"), Ct);
        }

        AdvanceTo(ShanghaiMidnightNov26);

        Assert.Equal(healthy, Assert.Single(await FireAsync()).TaskId);
        Assert.Empty(await FireAsync());
        Assert.Equal(RobotTaskStatus.Pending, (await TaskAsync(broken)).Status);
    }

    [Fact]
    public async Task NewYorkFallBack_TheRepeatedHourFiresOnce()
    {
        await _host.DisposeAsync();
        _host = await NewHostAsync(("Workbench:TimeZone", "America/New_York"));
        AdvanceTo(new DateTime(2027, 11, 6, 12, 0, 0, DateTimeKind.Utc));
        var taskId = await AddTaskAsync(cron: "30 1 * * *");

        // 01:30 EDT is 05:30 UTC; an hour later the clocks show 01:30 again (EST), which must not fire.
        AdvanceTo(new DateTime(2027, 11, 7, 5, 30, 0, DateTimeKind.Utc));
        Assert.Single(await FireAsync());
        await CompleteRunAsync(taskId);
        AdvanceTo(new DateTime(2027, 11, 7, 6, 31, 0, DateTimeKind.Utc));
        Assert.Empty(await FireAsync());

        AdvanceTo(new DateTime(2027, 11, 8, 6, 30, 0, DateTimeKind.Utc));
        Assert.Single(await FireAsync());
        Assert.Equal(2, Starts);
    }

    [Fact]
    public async Task HostedService_DrivenByTheClock_StartsTheRunWhenItsTimeComes()
    {
        await AddTaskAsync(trigger: Now.AddSeconds(5));
        var scheduler = _host.Get<ScheduleRunner>();
        await scheduler.StartAsync(Ct);
        try
        {
            _host.Clock.Advance(TimeSpan.FromSeconds(5));

            await WaitUntilAsync(() => Starts > 0, "the scheduled start");
            Assert.Equal(1, Starts);
        }
        finally
        {
            await scheduler.StopAsync(Ct);
        }
    }

    [Fact]
    public async Task HostedServiceTurnedOff_FiresNothingUntilOn()
    {
        await _host.DisposeAsync();
        _host = await NewHostAsync(("Workbench:Scheduler:Enabled", "false"));
        await AddTaskAsync(trigger: Now.AddSeconds(5));
        var scheduler = _host.Get<ScheduleRunner>();

        await scheduler.StartAsync(Ct);

        // Off: its loop ends by itself, without being stopped, so no tick of the clock can fire anything.
        await scheduler.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(15), Ct);
        _host.Clock.Advance(TimeSpan.FromSeconds(10));
        await scheduler.StopAsync(Ct);
        Assert.Equal(0, Starts);

        Assert.Single(await FireAsync());
        Assert.Equal(1, Starts);
    }

    [Fact]
    public void Registered_AsAHostedServiceBesideTheWatchdog()
    {
        var hosted = _host.Services.GetServices<IHostedService>().ToList();

        Assert.Contains(hosted, s => s is RunWatchdog);
        Assert.Same(_host.Get<ScheduleRunner>(), Assert.Single(hosted.OfType<ScheduleRunner>()));
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("00:01:01")]
    public async Task PollIntervalOutOfRange_Refused(string interval)
    {
        await using var host = new CoreTestHost(provider, new Dictionary<string, string?> { ["Workbench:Scheduler:PollInterval"] = interval });

        var refused = Assert.Throws<OptionsValidationException>(() => host.Get<IOptions<SchedulerOptions>>().Value);

        Assert.Contains("Workbench:Scheduler:PollInterval", refused.Message, StringComparison.Ordinal);
    }

    private Task<CoreTestHost> NewHostAsync(params (string Key, string Value)[] settings)
    {
        var all = new Dictionary<string, string?>
        {
            // No retries and no backoff: the test clock is fake, and Polly may wait on it.
            ["Workbench:Robots:RetryDelay"] = "00:00:00",
            ["Workbench:Robots:MaxRetries"] = "0",
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return new CoreTestHost(provider, all).MigrateAsync();
    }

    private void AdvanceTo(DateTime utc) => _host.Clock.SetUtcNow(utc);

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, Ct);
        }

        Assert.True(condition(), $"Gave up waiting for {what}.");
    }

    private Task<IReadOnlyList<ScheduledFire>> FireAsync(CoreTestHost? host = null) =>
        (host ?? _host).Get<ScheduleRunner>().FireDueAsync(Ct);

    private async Task CompleteRunAsync(long taskId)
    {
        var task = await TaskAsync(taskId);
        var account = await _host.ReadAsync(db => db.Accounts.AsNoTracking().SingleAsync(a => a.Id == task.AccountId, Ct));
        var callback = new ExecutionCallback(new RobotIdentity(account.ShadowBotAccount, null, null), task.AppName, ExecutionStatus.Completed,
            task.RunStartedAt!.Value, Now, (Now - task.RunStartedAt.Value).TotalSeconds, 1, 1, 0, false, false, null, null,
            task.CurrentRunId, taskId, null, null);
        _host.Get<CallbackBatchWriter>().Write([callback]);
        Assert.Equal(RobotTaskStatus.Pending, (await TaskAsync(taskId)).Status);
    }

    // As the task service stores a new schedule: handled up to the moment it was set.
    private async Task<long> AddTaskAsync(string name = "日报汇总", string? cron = null, DateTime? trigger = null, string account = "tygj00001")
    {
        await using var db = await _host.CreateDbContextAsync();
        var accountId = await db.Accounts.Where(a => a.ShadowBotAccount == account).Select(a => (long?)a.Id).FirstOrDefaultAsync(Ct)
            ?? (await _host.Get<AccountService>().CreateAsync(new AccountInput(account, "127.0.0.1", _agent.Port), Ct)).Id;
        var task = new RobotTask
        {
            TaskName = name, AppName = "财务日报", AccountId = accountId, CronExpression = cron, TriggerTime = trigger,
            ScheduledThrough = Now, CreatedAt = Now, UpdatedAt = Now,
        };
        db.Tasks.Add(task);
        await db.SaveChangesAsync(Ct);
        return task.Id;
    }

    private Task<RobotTask> TaskAsync(long id) => _host.ReadAsync(db => db.Tasks.AsNoTracking().SingleAsync(t => t.Id == id, Ct));

    private Task<List<AuditEntry>> AuditAsync() => AuditRows.AllAsync(_host.CreateDbContextAsync);
}

public sealed class ScheduleRunnerTestsOnSqlite() : ScheduleRunnerTests(DatabaseProvider.Sqlite);

public sealed class ScheduleRunnerTestsOnPostgreSql() : ScheduleRunnerTests(DatabaseProvider.PostgreSQL);
