using Microsoft.EntityFrameworkCore;
using RpaWorkbench.Core.Alerts;
using RpaWorkbench.Core.Alerts.Evaluation;
using RpaWorkbench.Core.Executions;

namespace RpaWorkbench.Tests.Alerts;

/// <summary>Two Workbench instances evaluating the same rules on one database raise each alert once.</summary>
public sealed class EvaluationInstancesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Commit_OccurrenceRuleEvaluatedMeanwhileByAnotherInstance_IsDroppedSoTheRunAlertsOnce()
    {
        await using var bed = await EvaluationTestBed.StartAsync();
        await using var other = bed.Host.OnTheSameDatabase();
        var channel = await bed.AddChannelAsync("ops", "zh-CN");
        var rule = await bed.AddRuleAsync(AlertRuleKind.RunFailed, channel);
        await bed.PassAsync();
        await bed.AddLogAsync(ExecutionStatus.Failed, "财务日报", "tygj001");

        // This instance reads the rule and evaluates it; the other one commits the same rule before it does.
        await using var db = await bed.Host.CreateDbContextAsync();
        var stale = await db.AlertRules.SingleAsync(r => r.Id == rule, Ct);
        var touched = await bed.Host.Get<RuleEvaluation>().EvaluateAsync(db, stale, bed.Now, Ct);
        Assert.Single(touched);
        Assert.Equal(new AlertEvaluationPass(1, 0, 1), await bed.PassAsync(other));

        Assert.False(await bed.Host.Get<AlertEvaluator>().CommitAsync(db, stale, touched, Ct));
        Assert.Single(await bed.AlertsAsync());
        Assert.Single(await bed.NotificationsAsync());
        Assert.Equal(new AlertEvaluationPass(1, 0, 0), await bed.PassAsync());
        Assert.Single(await bed.AlertsAsync());
    }

    [Fact]
    public async Task Commit_ConditionFiredMeanwhileByAnotherInstance_IsDroppedByTheOpenKey()
    {
        await using var bed = await EvaluationTestBed.StartAsync();
        await using var other = bed.Host.OnTheSameDatabase();
        await bed.AddRobotAsync("tygj001");
        var channel = await bed.AddChannelAsync("ops", "zh-CN");
        var rule = await bed.AddRuleAsync(AlertRuleKind.RobotOffline, r => r.Threshold = 1, channel);
        bed.Advance(TimeSpan.FromMinutes(5));
        other.Clock.SetUtcNow(bed.Host.Clock.GetUtcNow());

        await using var db = await bed.Host.CreateDbContextAsync();
        var read = await db.AlertRules.SingleAsync(r => r.Id == rule, Ct);
        var touched = await bed.Host.Get<RuleEvaluation>().EvaluateAsync(db, read, bed.Now, Ct);
        await bed.PassAsync(other);

        Assert.False(await bed.Host.Get<AlertEvaluator>().CommitAsync(db, read, touched, Ct));
        Assert.Equal(AlertState.Firing, Assert.Single(await bed.AlertsAsync()).State);
        Assert.Single(await bed.NotificationsAsync());
    }

    [Fact]
    public async Task Pass_TwoInstancesSideBySide_RaiseEachAlertOnce()
    {
        await using var bed = await EvaluationTestBed.StartAsync();
        await using var other = bed.Host.OnTheSameDatabase();
        var channel = await bed.AddChannelAsync("ops", "en");
        await bed.AddRuleAsync(AlertRuleKind.RunFailed, channel);
        await bed.AddRuleAsync(AlertRuleKind.FailuresInARow, r => r.Threshold = 1, channel);
        await Task.WhenAll(bed.PassAsync(), bed.PassAsync(other));
        for (var i = 0; i < 20; i++)
        {
            await bed.AddLogAsync(ExecutionStatus.Failed, $"应用{i}", "tygj001");
        }

        await Task.WhenAll(bed.PassAsync(), bed.PassAsync(other));
        await Task.WhenAll(bed.PassAsync(), bed.PassAsync(other));

        var alerts = await bed.AlertsAsync();
        Assert.Equal(20, alerts.Count);
        Assert.Equal(20, alerts.Select(a => a.SubjectKey).Distinct().Count());
        Assert.Equal(20, (await bed.NotificationsAsync()).Count);
    }
}
