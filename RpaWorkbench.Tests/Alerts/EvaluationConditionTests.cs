using Microsoft.EntityFrameworkCore;
using RpaWorkbench.Core.Alerts;
using RpaWorkbench.Core.Dispatch;
using RpaWorkbench.Core.Executions;

namespace RpaWorkbench.Tests.Alerts;

/// <summary>The condition kinds: an alert fires while the condition holds and resolves when it clears.</summary>
public sealed class EvaluationConditionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Pass_FailuresInARow_FiresAtTheThresholdAndResolvesWithANoticeOnTheNextSuccess()
    {
        await using var bed = await EvaluationTestBed.StartAsync();
        var robot = await bed.AddRobotAsync("tygj001");
        var task = await bed.AddTaskAsync(robot, "日报汇总", "财务日报");
        var channel = await bed.AddChannelAsync("ops", "en");
        await bed.AddRuleAsync(AlertRuleKind.FailuresInARow, r => r.Threshold = 3, channel);
        await bed.AddLogAsync(ExecutionStatus.Failed, "财务日报", "tygj001", robot, task);
        await bed.AddLogAsync(ExecutionStatus.Failed, "财务日报", "tygj001", robot, task);
        await bed.PassAsync();
        Assert.Empty(await bed.AlertsAsync());

        await bed.AddLogAsync(ExecutionStatus.Stopped, "财务日报", "tygj001", robot, task);
        var third = await bed.AddLogAsync(ExecutionStatus.TimedOut, "财务日报", "tygj001", robot, task, "超过运行时限");
        await bed.PassAsync();

        var alert = Assert.Single(await bed.AlertsAsync());
        Assert.Equal((AlertState.Firing, $"task:{task}"), (alert.State, alert.SubjectKey));
        Assert.Equal("3 failed runs in a row: 日报汇总", alert.TextEn.Title);
        Assert.Equal("连续 3 次运行失败：日报汇总", alert.TextZh.Title);
        Assert.Contains("Error: 超过运行时限", alert.TextEn.Lines);
        Assert.Equal($"/logs/{third}", alert.LinkPath);

        await bed.AddLogAsync(ExecutionStatus.Failed, "财务日报", "tygj001", robot, task);
        await bed.PassAsync();
        Assert.Equal(AlertState.Firing, Assert.Single(await bed.AlertsAsync()).State);
        Assert.Single(await bed.NotificationsAsync());

        await bed.AddLogAsync(ExecutionStatus.Completed, "财务日报", "tygj001", robot, task);
        await bed.PassAsync();

        Assert.Equal(AlertState.Resolved, Assert.Single(await bed.AlertsAsync()).State);
        var messages = await bed.NotificationsAsync();
        Assert.Equal([(AlertNotificationPurpose.Firing, "3 failed runs in a row: 日报汇总"), (AlertNotificationPurpose.Resolved, "Resolved: 3 failed runs in a row: 日报汇总")],
            messages.Select(n => (n.Purpose, n.Message.Title)));
    }

    [Fact]
    public async Task Pass_ResolvedWithoutSendResolved_SendsNoNotice()
    {
        await using var bed = await EvaluationTestBed.StartAsync();
        var robot = await bed.AddRobotAsync("tygj001");
        var task = await bed.AddTaskAsync(robot, "日报汇总", "财务日报");
        var channel = await bed.AddChannelAsync("ops", "zh-CN");
        await bed.AddRuleAsync(AlertRuleKind.FailuresInARow, r => (r.Threshold, r.SendResolved) = (1, false), channel);
        await bed.AddLogAsync(ExecutionStatus.Failed, "财务日报", "tygj001", robot, task);
        await bed.PassAsync();
        await bed.AddLogAsync(ExecutionStatus.Completed, "财务日报", "tygj001", robot, task);
        await bed.PassAsync();

        Assert.Equal(AlertState.Resolved, Assert.Single(await bed.AlertsAsync()).State);
        Assert.Equal(AlertNotificationPurpose.Firing, Assert.Single(await bed.NotificationsAsync()).Purpose);
    }

    [Fact]
    public async Task Pass_SuccessRateBelow_CountsTheWindowOnceThereAreEnoughRunsAndResolvesWhenItEmpties()
    {
        await using var bed = await EvaluationTestBed.StartAsync();
        await bed.AddRuleAsync(AlertRuleKind.SuccessRateBelow, r => (r.Percent, r.WindowMinutes, r.MinRuns, r.GroupBy) = (80, 60, 5, AlertGroupBy.App));
        await bed.AddLogAsync(ExecutionStatus.Failed, "财务日报", "tygj001");
        bed.Advance(TimeSpan.FromMinutes(90));
        await bed.AddLogAsync(ExecutionStatus.Completed, "财务日报", "tygj001");
        await bed.AddLogAsync(ExecutionStatus.Stopped, "财务日报", "tygj001");
        for (var i = 0; i < 3; i++)
        {
            await bed.AddLogAsync(ExecutionStatus.Failed, "财务日报", "tygj001");
        }

        await bed.AddLogAsync(ExecutionStatus.Completed, "发票", "tygj001");
        await bed.PassAsync();
        Assert.Empty(await bed.AlertsAsync());

        await bed.AddLogAsync(ExecutionStatus.Lost, "财务日报", "tygj002");
        await bed.PassAsync();

        var alert = Assert.Single(await bed.AlertsAsync());
        Assert.Equal("app:财务日报", alert.SubjectKey);
        Assert.Equal("Success rate 20% (under 80%): 财务日报", alert.TextEn.Title);
        Assert.Equal("成功率 20%（低于 80%）：财务日报", alert.TextZh.Title);
        Assert.Equal(["1 of 5 runs succeeded in the last 60 minutes"], alert.TextEn.Lines);
        Assert.Equal(["最近 60 分钟内 5 次运行，成功 1 次"], alert.TextZh.Lines);
        Assert.Equal("/logs?app=%E8%B4%A2%E5%8A%A1%E6%97%A5%E6%8A%A5", alert.LinkPath);

        bed.Advance(TimeSpan.FromMinutes(61));
        await bed.PassAsync();
        Assert.Equal(AlertState.Resolved, Assert.Single(await bed.AlertsAsync()).State);
    }

    [Fact]
    public async Task Pass_SuccessRateByRobot_IsAboutEachRobot()
    {
        await using var bed = await EvaluationTestBed.StartAsync();
        var bad = await bed.AddRobotAsync("tygj001");
        var good = await bed.AddRobotAsync("tygj002");
        await bed.AddRuleAsync(AlertRuleKind.SuccessRateBelow, r => (r.Percent, r.WindowMinutes, r.MinRuns, r.GroupBy) = (50, 30, 2, AlertGroupBy.Account));
        await bed.AddLogAsync(ExecutionStatus.Failed, "财务日报", "tygj001", bad);
        await bed.AddLogAsync(ExecutionStatus.Completed, "发票", "tygj001", bad);
        await bed.AddLogAsync(ExecutionStatus.Failed, "发票", "tygj001", bad);
        await bed.AddLogAsync(ExecutionStatus.Completed, "财务日报", "tygj002", good);
        await bed.AddLogAsync(ExecutionStatus.Failed, "财务日报", "tygj002", good);
        await bed.PassAsync();

        var alert = Assert.Single(await bed.AlertsAsync());
        Assert.Equal($"account:{bad}", alert.SubjectKey);
        Assert.Equal("Success rate 33.3% (under 50%): tygj001", alert.TextEn.Title);
        Assert.Equal("/logs?account=tygj001", alert.LinkPath);
    }

    [Fact]
    public async Task Pass_RobotOffline_FiresAfterThresholdMinutesOfflineAndResolvesWhenItIsBack()
    {
        await using var bed = await EvaluationTestBed.StartAsync();
        var robot = await bed.AddRobotAsync("tygj001");
        await bed.AddRobotAsync("tygj-new", heardFrom: false);
        await bed.AddRuleAsync(AlertRuleKind.RobotOffline, r => r.Threshold = 10);

        // Offline after 90 s without a heartbeat (Workbench:Accounts:OfflineAfter), then 10 minutes more.
        bed.Advance(TimeSpan.FromSeconds(90 + 600));
        await bed.PassAsync();
        Assert.Empty(await bed.AlertsAsync());

        bed.Advance(TimeSpan.FromSeconds(1));
        await bed.PassAsync();
        var alert = Assert.Single(await bed.AlertsAsync());
        Assert.Equal((AlertState.Firing, $"account:{robot}", "Robot offline: tygj001", "机器人离线：tygj001", "/accounts"),
            (alert.State, alert.SubjectKey, alert.TextEn.Title, alert.TextZh.Title, alert.LinkPath));
        Assert.Equal(["主机：10.0.0.8", "最后心跳：2026-11-25 16:00:00"], alert.TextZh.Lines);

        var now = bed.Now;
        await bed.Host.ReadAsync(db => db.Accounts.Where(a => a.Id == robot).ExecuteUpdateAsync(s => s.SetProperty(a => a.LastHeartbeatAt, now), Ct));
        await bed.PassAsync();
        Assert.Equal(AlertState.Resolved, Assert.Single(await bed.AlertsAsync()).State);
    }

    [Fact]
    public async Task Pass_QueuedTooLong_FiresForTheTaskAndResolvesWhenItsRunStarts()
    {
        await using var bed = await EvaluationTestBed.StartAsync();
        var robot = await bed.AddRobotAsync("tygj001");
        var task = await bed.AddTaskAsync(robot, "日报汇总", "财务日报");
        var group = await bed.AddGroupAsync("财务组", robot);
        var run = await bed.EnqueueAsync(task, bed.Now.AddMinutes(-10));
        await bed.EnqueueAsync(task, bed.Now.AddMinutes(-2), group);
        await bed.AddRuleAsync(AlertRuleKind.QueuedTooLong, r => r.Threshold = 15);
        await bed.PassAsync();
        Assert.Empty(await bed.AlertsAsync());

        bed.Advance(TimeSpan.FromMinutes(6));
        await bed.PassAsync();
        var alert = Assert.Single(await bed.AlertsAsync());
        Assert.Equal(($"task:{task}", "Queued too long: 日报汇总", "排队过久：日报汇总", "/queue"), (alert.SubjectKey, alert.TextEn.Title, alert.TextZh.Title, alert.LinkPath));
        Assert.Equal(["1 run(s) waiting for a robot, the oldest for 16 minutes"], alert.TextEn.Lines);

        await bed.Host.ReadAsync(db => db.DispatchRuns.Where(r => r.Id == run).ExecuteUpdateAsync(s => s.SetProperty(r => r.State, DispatchRunState.Running), Ct));
        await bed.PassAsync();
        Assert.Equal(AlertState.Resolved, Assert.Single(await bed.AlertsAsync()).State);
    }

    [Fact]
    public async Task Pass_RuleScopeNarrowed_ResolvesTheSubjectsItNoLongerCovers()
    {
        await using var bed = await EvaluationTestBed.StartAsync();
        var first = await bed.AddRobotAsync("tygj001");
        var second = await bed.AddRobotAsync("tygj002");
        var rule = await bed.AddRuleAsync(AlertRuleKind.RobotOffline, r => r.Threshold = 1);
        bed.Advance(TimeSpan.FromMinutes(5));
        await bed.PassAsync();
        Assert.Equal(2, (await bed.AlertsAsync()).Count(a => a.State == AlertState.Firing));

        await bed.ChangeRuleAsync(rule, r => r.AccountId = second);
        await bed.PassAsync();

        Assert.Equal([($"account:{first}", AlertState.Resolved), ($"account:{second}", AlertState.Firing)],
            (await bed.AlertsAsync()).Select(a => (a.SubjectKey, a.State)));
    }

    [Fact]
    public async Task Pass_RuleDisabledOrDeleted_EndsItsFiringAlertsWithoutANoticeAndRaisesNothingMore()
    {
        await using var bed = await EvaluationTestBed.StartAsync();
        await bed.AddRobotAsync("tygj001");
        var channel = await bed.AddChannelAsync("ops", "zh-CN");
        var disabled = await bed.AddRuleAsync(AlertRuleKind.RobotOffline, r => r.Threshold = 1, channel);
        var deleted = await bed.AddRuleAsync(AlertRuleKind.RobotOffline, r => (r.Name, r.Threshold) = ("to delete", 1), channel);
        bed.Advance(TimeSpan.FromMinutes(5));
        await bed.PassAsync();
        Assert.Equal(2, (await bed.NotificationsAsync()).Count);

        await bed.ChangeRuleAsync(disabled, r => r.Enabled = false);
        await bed.Host.ReadAsync(db => db.AlertRules.Where(r => r.Id == deleted).ExecuteDeleteAsync(Ct));
        await bed.PassAsync();
        bed.Advance(TimeSpan.FromHours(1));
        await bed.PassAsync();

        Assert.All(await bed.AlertsAsync(), a => Assert.Equal(AlertState.Resolved, a.State));
        Assert.Equal(2, (await bed.AlertsAsync()).Count);
        Assert.All(await bed.NotificationsAsync(), n => Assert.Equal(AlertNotificationPurpose.Firing, n.Purpose));
        Assert.True((await bed.RuleAsync(disabled)).SendResolved);
    }
}
