using RpaWorkbench.Core.Alerts;
using RpaWorkbench.Core.Batches;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Workflows;
using RpaWorkbench.Tests.Workflows;

namespace RpaWorkbench.Tests.Alerts;

/// <summary>The occurrence kinds: stored runs, ended batches and workflow runs become alerts once, never history.</summary>
public sealed class EvaluationOccurrenceTests
{
    [Fact]
    public async Task Pass_RunFailedAfterTheRuleStarted_FiresAboutTheTaskInBothLanguagesWithOneMessagePerChannel()
    {
        await using var bed = await EvaluationTestBed.StartAsync();
        var robot = await bed.AddRobotAsync("tygj001");
        var task = await bed.AddTaskAsync(robot, "日报汇总", "财务日报");
        await bed.AddLogAsync(ExecutionStatus.Failed, "财务日报", "tygj001", robot, task, "history");
        var en = await bed.AddChannelAsync("ops-en", "en");
        var zh = await bed.AddChannelAsync("ops-zh", "zh-CN");
        var rule = await bed.AddRuleAsync(AlertRuleKind.RunFailed, en, zh);

        await bed.PassAsync();
        Assert.Empty(await bed.AlertsAsync());

        await bed.AddLogAsync(ExecutionStatus.Completed, "财务日报", "tygj001", robot, task);
        var failed = await bed.AddLogAsync(ExecutionStatus.Failed, "财务日报", "tygj001", robot, task, "找不到窗口：登录\n" + new string('x', 300));
        await bed.PassAsync();

        var alert = Assert.Single(await bed.AlertsAsync());
        Assert.Equal($"task:{task}", alert.SubjectKey);
        Assert.Equal(AlertState.Occurred, alert.State);
        Assert.Equal(rule, alert.RuleId);
        Assert.Equal("Run failed: 日报汇总", alert.TextEn.Title);
        Assert.Equal("运行失败：日报汇总", alert.TextZh.Title);
        Assert.Equal(["Task: 日报汇总", "App: 财务日报", "Robot: tygj001", "Ended: 2026-11-25 16:00:00"], alert.TextEn.Lines.Take(4));
        Assert.Equal(["任务：日报汇总", "应用：财务日报", "机器人：tygj001", "结束时间：2026-11-25 16:00:00"], alert.TextZh.Lines.Take(4));
        var error = alert.TextEn.Lines[4];
        Assert.StartsWith("Error: 找不到窗口：登录 xxx", error, StringComparison.Ordinal);
        Assert.Equal("Error: ".Length + 200, error.Length);
        Assert.EndsWith("…", error, StringComparison.Ordinal);
        Assert.Equal($"/logs/{failed}", alert.LinkPath);

        var messages = await bed.NotificationsAsync();
        Assert.Equal([(en, "Run failed: 日报汇总"), (zh, "运行失败：日报汇总")], messages.Select(n => (n.ChannelId!.Value, n.Message.Title)));
        Assert.All(messages, n => Assert.Equal((AlertNotificationPurpose.Firing, AlertNotificationState.Pending), (n.Purpose, n.State)));
        Assert.Equal(failed, (await bed.RuleAsync(rule)).Cursor);
    }

    [Fact]
    public async Task FirstPass_RunStoredAfterTheRuleWasSaved_IsReportedInThatPass_OneStoredBeforeIsHistory()
    {
        await using var bed = await EvaluationTestBed.StartAsync();
        await bed.AddLogAsync(ExecutionStatus.Failed, "发票核对", "tygj002", error: "history");
        bed.Advance(TimeSpan.FromSeconds(5));
        await bed.AddRuleAsync(AlertRuleKind.RunFailed);
        bed.Advance(TimeSpan.FromSeconds(1));
        await bed.AddLogAsync(ExecutionStatus.Failed, "发票核对", "tygj002", error: "after the rule");

        await bed.PassAsync();

        var alert = Assert.Single(await bed.AlertsAsync());
        Assert.Contains("Error: after the rule", alert.TextEn.Lines);
    }

    [Fact]
    public async Task Pass_RunWithoutTask_IsAboutItsAppOnItsRobot()
    {
        await using var bed = await EvaluationTestBed.StartAsync();
        await bed.AddRuleAsync(AlertRuleKind.RunFailed);
        await bed.PassAsync();

        await bed.AddLogAsync(ExecutionStatus.Failed, "发票核对", "tygj002");
        await bed.PassAsync();

        var alert = Assert.Single(await bed.AlertsAsync());
        Assert.Equal("app:发票核对@tygj002", alert.SubjectKey);
        Assert.Equal("Run failed: 发票核对", alert.TextEn.Title);
    }

    [Fact]
    public async Task Pass_RunTimedOutOrLost_FiresForTimeOutsAndLostRunsOnly()
    {
        await using var bed = await EvaluationTestBed.StartAsync();
        var robot = await bed.AddRobotAsync("tygj001");
        var daily = await bed.AddTaskAsync(robot, "日报汇总", "财务日报");
        var invoices = await bed.AddTaskAsync(robot, "发票核对", "发票");
        await bed.AddRuleAsync(AlertRuleKind.RunTimedOutOrLost);
        await bed.PassAsync();

        await bed.AddLogAsync(ExecutionStatus.TimedOut, "财务日报", "tygj001", robot, daily);
        await bed.AddLogAsync(ExecutionStatus.Lost, "发票", "tygj001", robot, invoices);
        await bed.AddLogAsync(ExecutionStatus.Failed, "发票", "tygj001", robot, invoices);
        await bed.PassAsync();

        var alerts = await bed.AlertsAsync();
        Assert.Equal([("Run timed out: 日报汇总", "运行超时：日报汇总"), ("Run lost: 发票核对", "运行失联：发票核对")],
            alerts.Select(a => (a.TextEn.Title, a.TextZh.Title)));
    }

    [Fact]
    public async Task Pass_RepeatsWithinTheDedupWindow_AreCountedWithoutASecondMessage_AfterItANewAlertIsSent()
    {
        await using var bed = await EvaluationTestBed.StartAsync();
        var robot = await bed.AddRobotAsync("tygj001");
        var task = await bed.AddTaskAsync(robot, "日报汇总", "财务日报");
        var channel = await bed.AddChannelAsync("ops", "zh-CN");
        await bed.AddRuleAsync(AlertRuleKind.RunFailed, r => r.DedupMinutes = 30, channel);
        await bed.PassAsync();

        await bed.AddLogAsync(ExecutionStatus.Failed, "财务日报", "tygj001", robot, task);
        await bed.PassAsync();
        bed.Advance(TimeSpan.FromMinutes(10));
        await bed.AddLogAsync(ExecutionStatus.Failed, "财务日报", "tygj001", robot, task);
        await bed.AddLogAsync(ExecutionStatus.Failed, "财务日报", "tygj001", robot, task);
        await bed.PassAsync();

        var alert = Assert.Single(await bed.AlertsAsync());
        Assert.Equal(3, alert.Occurrences);
        Assert.Single(await bed.NotificationsAsync());

        bed.Advance(TimeSpan.FromMinutes(31));
        await bed.AddLogAsync(ExecutionStatus.Failed, "财务日报", "tygj001", robot, task);
        await bed.PassAsync();

        Assert.Equal([3, 1], (await bed.AlertsAsync()).Select(a => a.Occurrences));
        Assert.Equal(2, (await bed.NotificationsAsync()).Count);
    }

    [Fact]
    public async Task Pass_InQuietHours_HoldsTheMessagesUntilTheyEndInShanghai()
    {
        await using var bed = await EvaluationTestBed.StartAsync();
        var channel = await bed.AddChannelAsync("ops", "zh-CN");
        // 08:00 UTC is 16:00 in Asia/Shanghai: inside 15:00–17:00.
        await bed.AddRuleAsync(AlertRuleKind.RunFailed, r => (r.QuietFrom, r.QuietTo) = (new TimeOnly(15, 0), new TimeOnly(17, 0)), channel);
        await bed.PassAsync();

        await bed.AddLogAsync(ExecutionStatus.Failed, "财务日报", "tygj001");
        await bed.PassAsync();

        var message = Assert.Single(await bed.NotificationsAsync());
        Assert.Equal(AlertNotificationState.Held, message.State);
        Assert.Equal(new DateTime(2026, 11, 25, 9, 0, 0, DateTimeKind.Utc), message.NextAttemptAt);
    }

    [Fact]
    public async Task Pass_ScopeFilters_AllMustMatch()
    {
        await using var bed = await EvaluationTestBed.StartAsync();
        var member = await bed.AddRobotAsync("tygj001");
        var outsider = await bed.AddRobotAsync("tygj002");
        var group = await bed.AddGroupAsync("财务组", member);
        var inScope = await bed.AddTaskAsync(member, "日报汇总", "财务日报");
        var otherApp = await bed.AddTaskAsync(member, "发票核对", "发票");
        var onOutsider = await bed.AddTaskAsync(outsider, "日报补跑", "财务日报");
        await bed.AddRuleAsync(AlertRuleKind.RunFailed, r => (r.AppName, r.GroupId) = ("财务日报", group));
        var byTask = await bed.AddRuleAsync(AlertRuleKind.RunFailed, r => r.TaskId = otherApp);
        await bed.PassAsync();

        await bed.AddLogAsync(ExecutionStatus.Failed, "财务日报", "tygj001", member, inScope);
        await bed.AddLogAsync(ExecutionStatus.Failed, "发票", "tygj001", member, otherApp);
        await bed.AddLogAsync(ExecutionStatus.Failed, "财务日报", "tygj002", outsider, onOutsider);
        await bed.PassAsync();

        var alerts = await bed.AlertsAsync();
        Assert.Equal([$"task:{inScope}", $"task:{otherApp}"], alerts.Select(a => a.SubjectKey));
        Assert.Equal(byTask, alerts[1].RuleId);
    }

    [Fact]
    public async Task Pass_BatchesThatEnded_FireOnceTheyHaveSettled()
    {
        await using var bed = await EvaluationTestBed.StartAsync();
        var robot = await bed.AddRobotAsync("tygj001");
        var task = await bed.AddTaskAsync(robot, "日报汇总", "财务日报");
        await bed.AddBatchAsync(task, "二月对账", BatchState.Completed, BatchItemState.Failed);
        var finishedRule = await bed.AddRuleAsync(AlertRuleKind.BatchFinished);
        var failedRule = await bed.AddRuleAsync(AlertRuleKind.BatchFailed);
        await bed.PassAsync();

        bed.Advance(TimeSpan.FromMinutes(1));
        var clean = await bed.AddBatchAsync(task, "三月对账", BatchState.Completed, BatchItemState.Successful, BatchItemState.Successful);
        var partly = await bed.AddBatchAsync(task, "四月对账", BatchState.Completed, BatchItemState.Successful, BatchItemState.Failed, BatchItemState.Abandoned);
        var cancelled = await bed.AddBatchAsync(task, "五月对账", BatchState.Cancelled, BatchItemState.Successful, BatchItemState.Cancelled);
        await bed.AddBatchAsync(task, "六月对账", BatchState.Running, BatchItemState.New);
        bed.Advance(TimeSpan.FromSeconds(5));
        await bed.PassAsync();
        Assert.Empty(await bed.AlertsAsync());

        bed.Advance(TimeSpan.FromSeconds(6));
        await bed.PassAsync();
        await bed.PassAsync();

        var alerts = await bed.AlertsAsync();
        Assert.Equal(
            [
                (finishedRule, $"batch:{clean}", "Batch finished: 三月对账"),
                (finishedRule, $"batch:{partly}", "Batch finished: 四月对账"),
                (finishedRule, $"batch:{cancelled}", "Batch finished: 五月对账"),
                (failedRule, $"batch:{partly}", "Batch failed: 四月对账"),
                (failedRule, $"batch:{cancelled}", "Batch cancelled: 五月对账"),
            ],
            alerts.Select(a => (a.RuleId!.Value, a.SubjectKey, a.TextEn.Title)).OrderBy(a => a.Value).ThenBy(a => a.SubjectKey));
        var failed = alerts.Single(a => a.RuleId == failedRule && a.SubjectKey == $"batch:{partly}");
        Assert.Equal("批次失败：四月对账", failed.TextZh.Title);
        Assert.Contains("Items: 3, succeeded 1, failed 2", failed.TextEn.Lines);
        Assert.Contains("条目：共 3 条，成功 1 条，失败 2 条", failed.TextZh.Lines);
        Assert.Equal($"/batches/{partly}", failed.LinkPath);
        Assert.Equal("批次已取消：五月对账", alerts.Single(a => a.SubjectKey == $"batch:{cancelled}" && a.RuleId == failedRule).TextZh.Title);
    }

    [Fact]
    public async Task Pass_WorkflowRunsThatEnded_FireByOutcome()
    {
        await using var bed = await EvaluationTestBed.StartAsync();
        var seed = new WorkflowRunSeed(bed.Host);
        var workflow = await seed.WorkflowAsync("月结流程");
        var finishedRule = await bed.AddRuleAsync(AlertRuleKind.WorkflowFinished);
        var failedRule = await bed.AddRuleAsync(AlertRuleKind.WorkflowFailed);
        await bed.PassAsync();
        bed.Advance(TimeSpan.FromSeconds(1));

        var succeeded = await seed.RunAsync(workflow, WorkflowRunState.Succeeded, null);
        var failed = await seed.RunAsync(workflow, WorkflowRunState.Failed, 0);
        await seed.RunAsync(workflow, WorkflowRunState.Cancelled, 0);
        await seed.RunAsync(workflow, WorkflowRunState.Running, 0);
        bed.Advance(TimeSpan.FromSeconds(11));
        await bed.PassAsync();

        var alerts = await bed.AlertsAsync();
        Assert.Equal(
            [
                (finishedRule, $"workflow_run:{succeeded}", "Workflow succeeded: 月结流程", "工作流成功：月结流程", $"/workflow-runs/{succeeded}"),
                (failedRule, $"workflow_run:{failed}", "Workflow failed: 月结流程", "工作流失败：月结流程", $"/workflow-runs/{failed}"),
            ],
            alerts.Select(a => (a.RuleId!.Value, a.SubjectKey, a.TextEn.Title, a.TextZh.Title, a.LinkPath!)));
        Assert.Contains($"Run: #{failed}", alerts[1].TextEn.Lines);
    }
}
