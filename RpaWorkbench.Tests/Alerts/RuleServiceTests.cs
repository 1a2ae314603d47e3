using Microsoft.EntityFrameworkCore;
using RpaWorkbench.Core.Alerts;
using RpaWorkbench.Core.Alerts.Channels;
using RpaWorkbench.Core.Alerts.Management;
using RpaWorkbench.Core.Common;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Alerts;

public abstract class RuleServiceTests(DatabaseProvider provider) : IAsyncLifetime
{
    private readonly CoreTestHost _core = new(provider);
    private CancellationToken Ct => TestContext.Current.CancellationToken;
    private AlertRuleService Service => _core.Get<AlertRuleService>();

    public async ValueTask InitializeAsync() => await _core.MigrateAsync();

    public ValueTask DisposeAsync() => _core.DisposeAsync();

    [Fact]
    public async Task Create_ScopedRule_StoresFiguresAndListsScopeAndChannelNames()
    {
        var (account, task) = await RuleTestData.TaskAsync(_core.CreateDbContextAsync, "tygj001", "收藏任务");
        var wecom = await RuleTestData.ChannelAsync(_core.CreateDbContextAsync, "运维群", AlertChannelKind.WeCom);
        var mail = await RuleTestData.ChannelAsync(_core.CreateDbContextAsync, "值班邮箱", AlertChannelKind.Email);

        var created = await Service.CreateAsync(new AlertRuleInput
        {
            Name = " 连续失败 ", Kind = AlertRuleKind.FailuresInARow, Severity = AlertSeverity.Critical, Threshold = 3,
            AppName = " 云仓收藏 ", AccountId = account, TaskId = task, ChannelIds = [mail, wecom, mail],
            DedupMinutes = 60, QuietFrom = new TimeOnly(22, 0), QuietTo = new TimeOnly(7, 30),
        }, Ct);

        Assert.Equal(("连续失败", AlertRuleKind.FailuresInARow, AlertSeverity.Critical, 3, true, true, 0),
            (created.Name, created.Kind, created.Severity, created.Threshold, created.Enabled, created.SendResolved, created.Version));
        Assert.Equal(new AlertRuleScope("云仓收藏", account, "tygj001-10.0.0.1:8080", null, null, task, "收藏任务"), created.Scope);
        Assert.Equal(["值班邮箱", "运维群"], created.Channels.Select(c => c.Name));
        Assert.Equal((60, "22:00", "07:30"), (created.DedupMinutes, created.QuietFrom, created.QuietTo));
        Assert.Equal(("operator-user", _core.Clock.GetUtcNow().UtcDateTime), (created.CreatedBy, created.CreatedAt));
    }

    [Fact]
    public async Task Create_WithoutChannels_IsAllowed()
    {
        var created = await Service.CreateAsync(new AlertRuleInput { Name = "只记录", Kind = AlertRuleKind.RunFailed }, Ct);

        Assert.Empty(created.Channels);
        Assert.Equal((30, AlertSeverity.Warning), (created.DedupMinutes, created.Severity));
    }

    [Fact]
    public async Task Create_FailuresInARow_ThresholdMustBe1To100()
    {
        await AssertRefusedAsync(Rule(AlertRuleKind.FailuresInARow) with { Threshold = null }, ("threshold", "Required"));
        await AssertRefusedAsync(Rule(AlertRuleKind.FailuresInARow) with { Threshold = 0 }, ("threshold", "OutOfRange"));
        await AssertRefusedAsync(Rule(AlertRuleKind.FailuresInARow) with { Threshold = 101 }, ("threshold", "OutOfRange"));

        Assert.Equal(100, (await Service.CreateAsync(Rule(AlertRuleKind.FailuresInARow) with { Threshold = 100 }, Ct)).Threshold);
    }

    [Fact]
    public async Task Create_SuccessRateBelow_NeedsPercentWindowMinRunsAndGroupBy()
    {
        await AssertRefusedAsync(new AlertRuleInput { Name = "rate", Kind = AlertRuleKind.SuccessRateBelow },
            ("percent", "Required"), ("window_minutes", "Required"), ("min_runs", "Required"), ("group_by", "Required"));
        await AssertRefusedAsync(Rule(AlertRuleKind.SuccessRateBelow) with { Percent = 0, WindowMinutes = 4, MinRuns = 10_001 },
            ("percent", "OutOfRange"), ("window_minutes", "OutOfRange"), ("min_runs", "OutOfRange"));
        await AssertRefusedAsync(Rule(AlertRuleKind.SuccessRateBelow) with { Percent = 100.5, WindowMinutes = 10_081, Threshold = 3 },
            ("threshold", "NotUsedByKind"), ("percent", "OutOfRange"), ("window_minutes", "OutOfRange"));

        var saved = await Service.CreateAsync(Rule(AlertRuleKind.SuccessRateBelow) with { Percent = 100, WindowMinutes = 10_080, MinRuns = 1 }, Ct);
        Assert.Equal((100d, 10_080, 1, AlertGroupBy.Account), (saved.Percent, saved.WindowMinutes, saved.MinRuns, saved.GroupBy));
    }

    [Fact]
    public async Task Create_RobotOfflineAndQueuedTooLong_ThresholdIsMinutesUpToAWeek()
    {
        await AssertRefusedAsync(Rule(AlertRuleKind.RobotOffline) with { Threshold = 10_081 }, ("threshold", "OutOfRange"));
        await AssertRefusedAsync(Rule(AlertRuleKind.QueuedTooLong) with { Threshold = 0, Percent = 50 }, ("threshold", "OutOfRange"), ("percent", "NotUsedByKind"));

        Assert.Equal(10_080, (await Service.CreateAsync(Rule(AlertRuleKind.QueuedTooLong) with { Threshold = 10_080 }, Ct)).Threshold);
    }

    [Fact]
    public async Task Create_OccurrenceKind_TakesNoFiguresAndNoResolvedNotice()
    {
        await AssertRefusedAsync(Rule(AlertRuleKind.BatchFailed) with { Threshold = 1, WindowMinutes = 60, MinRuns = 5, GroupBy = AlertGroupBy.Task, SendResolved = true },
            ("threshold", "NotUsedByKind"), ("window_minutes", "NotUsedByKind"), ("min_runs", "NotUsedByKind"), ("group_by", "NotUsedByKind"),
            ("send_resolved", "NotUsedByKind"));

        var saved = await Service.CreateAsync(Rule(AlertRuleKind.WorkflowFailed), Ct);
        Assert.False(saved.SendResolved);
    }

    [Fact]
    public async Task Create_QuietHoursNeedBothEndsAndDifferentOnes_DedupUpToAWeek()
    {
        await AssertRefusedAsync(Rule(AlertRuleKind.RunFailed) with { QuietFrom = new TimeOnly(22, 0) }, ("quiet_to", "Required"));
        await AssertRefusedAsync(Rule(AlertRuleKind.RunFailed) with { QuietTo = new TimeOnly(7, 0) }, ("quiet_from", "Required"));
        await AssertRefusedAsync(Rule(AlertRuleKind.RunFailed) with { QuietFrom = new TimeOnly(8, 0), QuietTo = new TimeOnly(8, 0), DedupMinutes = 10_081 },
            ("dedup_minutes", "OutOfRange"), ("quiet_to", "InvalidValue"));
        await AssertRefusedAsync(Rule(AlertRuleKind.RunFailed) with { DedupMinutes = -1 }, ("dedup_minutes", "OutOfRange"));
    }

    [Fact]
    public async Task Create_BadNameUnknownIdsAndTakenName_RefusedTogetherAndWritesNothing()
    {
        await AssertRefusedAsync(new AlertRuleInput { Name = " ", Kind = null, AppName = new string('a', 201) },
            ("name", "Required"), ("kind", "Required"), ("app_name", "TooLong"));
        await AssertRefusedAsync(Rule(AlertRuleKind.RunFailed) with { Name = new string('n', 101) }, ("name", "TooLong"));
        await AssertRefusedAsync(Rule(AlertRuleKind.RunFailed) with { AccountId = 987_654, GroupId = 987_655, TaskId = 987_656, ChannelIds = [987_658, 987_657] },
            ("account_id", "UnknownReference"), ("group_id", "UnknownReference"), ("task_id", "UnknownReference"), ("channel_ids", "UnknownReference"));
        Assert.Equal(0, await _core.ReadAsync(db => db.AlertRules.CountAsync(Ct)));

        await Service.CreateAsync(Rule(AlertRuleKind.RunFailed), Ct);
        await AssertRefusedAsync(Rule(AlertRuleKind.BatchFailed) with { Name = "rule " }, ("name", "DuplicateRuleName"));
    }

    [Fact]
    public async Task Update_SameKind_KeepsTheCursor_OtherKind_StartsItOver()
    {
        var rule = await Service.CreateAsync(Rule(AlertRuleKind.RunFailed), Ct);
        await SetCursorAsync(rule.Id, 4711);

        var renamed = await Service.UpdateAsync(rule.Id, Rule(AlertRuleKind.RunFailed) with { Name = "renamed", Version = 0 }, Ct);
        Assert.Equal(("renamed", 1, 4711L), (renamed.Name, renamed.Version, await CursorAsync(rule.Id)));

        var rekinded = await Service.UpdateAsync(rule.Id, Rule(AlertRuleKind.BatchFailed) with { Version = 1 }, Ct);
        Assert.Equal((AlertRuleKind.BatchFailed, 2, 0L), (rekinded.Kind, rekinded.Version, await CursorAsync(rule.Id)));
    }

    [Fact]
    public async Task Update_StaleVersion_IsAConflictAndChangesNothing()
    {
        var rule = await Service.CreateAsync(Rule(AlertRuleKind.RunFailed), Ct);
        await Service.SetEnabledAsync(rule.Id, false, rule.Version, Ct);

        var conflict = await Assert.ThrowsAsync<RuleViolationException>(
            () => Service.UpdateAsync(rule.Id, Rule(AlertRuleKind.RunFailed) with { Name = "late", Version = 0 }, Ct));

        Assert.Equal(ErrorCodes.ConcurrencyConflict, conflict.Code);
        var stored = await Service.GetAsync(rule.Id, Ct);
        Assert.Equal(("rule", false, 1), (stored!.Name, stored.Enabled, stored.Version));
    }

    [Fact]
    public async Task List_FiltersByKindAndEnabled_SortedByName()
    {
        await Service.CreateAsync(Rule(AlertRuleKind.RunFailed) with { Name = "b" }, Ct);
        await Service.CreateAsync(Rule(AlertRuleKind.RunFailed) with { Name = "a" }, Ct);
        var off = await Service.CreateAsync(Rule(AlertRuleKind.RobotOffline) with { Name = "c" }, Ct);
        await Service.SetEnabledAsync(off.Id, false, null, Ct);

        Assert.Equal(["a", "b", "c"], (await Service.ListAsync(new AlertRuleQuery(), Ct)).Select(r => r.Name));
        Assert.Equal(["a", "b"], (await Service.ListAsync(new AlertRuleQuery { Kind = AlertRuleKind.RunFailed }, Ct)).Select(r => r.Name));
        Assert.Equal(["c"], (await Service.ListAsync(new AlertRuleQuery { Enabled = false }, Ct)).Select(r => r.Name));
    }

    [Fact]
    public async Task DeletedChannel_DropsOutOfTheRulesChannels()
    {
        var kept = await RuleTestData.ChannelAsync(_core.CreateDbContextAsync, "kept");
        var gone = await RuleTestData.ChannelAsync(_core.CreateDbContextAsync, "gone");
        var rule = await Service.CreateAsync(Rule(AlertRuleKind.RunFailed) with { ChannelIds = [kept, gone] }, Ct);
        await using (var db = await _core.CreateDbContextAsync())
        {
            await db.AlertChannels.Where(c => c.Id == gone).ExecuteDeleteAsync(Ct);
        }

        Assert.Equal(["kept"], (await Service.GetAsync(rule.Id, Ct))!.Channels.Select(c => c.Name));
    }

    [Fact]
    public async Task Changes_AreAuditedByFieldName()
    {
        var rule = await Service.CreateAsync(Rule(AlertRuleKind.FailuresInARow), Ct);
        await Service.UpdateAsync(rule.Id, Rule(AlertRuleKind.FailuresInARow) with { Threshold = 5, QuietFrom = new TimeOnly(22, 0), QuietTo = new TimeOnly(6, 0) }, Ct);
        await Service.DeleteAsync(rule.Id, Ct);

        var entries = (await AuditRows.AllAsync(_core.CreateDbContextAsync)).Where(e => e.TargetType == "alert_rule").ToList();

        Assert.Equal(["alert_rule.created", "alert_rule.updated", "alert_rule.deleted"], entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal(("operator-user", "rule"), (e.Actor, e.TargetName)));
        Assert.Equal([("threshold", "3", "5"), ("quiet_from", null, "22:00"), ("quiet_to", null, "06:00")], entries[1].Changes());
        Assert.Contains(("kind", null, "failures_in_a_row"), entries[0].Changes());
        Assert.Null(await Service.GetAsync(rule.Id, Ct));
    }

    [Fact]
    public async Task Viewer_ReadsButEveryChangeIsRefused()
    {
        var rule = await Service.CreateAsync(Rule(AlertRuleKind.RunFailed), Ct);
        _core.User.SignIn(Roles.Viewer);

        Assert.Single(await Service.ListAsync(new AlertRuleQuery(), Ct));
        Assert.NotNull(await Service.GetAsync(rule.Id, Ct));
        await AssertDeniedAsync(() => Service.CreateAsync(Rule(AlertRuleKind.RunFailed) with { Name = "other" }, Ct));
        await AssertDeniedAsync(() => Service.UpdateAsync(rule.Id, Rule(AlertRuleKind.RunFailed), Ct));
        await AssertDeniedAsync(() => Service.SetEnabledAsync(rule.Id, false, null, Ct));
        await AssertDeniedAsync(() => Service.DeleteAsync(rule.Id, Ct));
        Assert.True((await Service.GetAsync(rule.Id, Ct))!.Enabled);
    }

    [Fact]
    public async Task Admin_CanChangeRules()
    {
        _core.User.SignIn(Roles.Admin);

        var rule = await Service.CreateAsync(Rule(AlertRuleKind.RunTimedOutOrLost), Ct);
        await Service.DeleteAsync(rule.Id, Ct);

        Assert.Empty(await Service.ListAsync(new AlertRuleQuery(), Ct));
    }

    /// <summary>A valid rule of the kind named "rule", with the figures that kind needs.</summary>
    private static AlertRuleInput Rule(AlertRuleKind kind) => kind switch
    {
        AlertRuleKind.FailuresInARow => new AlertRuleInput { Name = "rule", Kind = kind, Threshold = 3 },
        AlertRuleKind.SuccessRateBelow => new AlertRuleInput { Name = "rule", Kind = kind, Percent = 80, WindowMinutes = 60, MinRuns = 5, GroupBy = AlertGroupBy.Account },
        AlertRuleKind.RobotOffline or AlertRuleKind.QueuedTooLong => new AlertRuleInput { Name = "rule", Kind = kind, Threshold = 10 },
        _ => new AlertRuleInput { Name = "rule", Kind = kind },
    };

    private async Task AssertRefusedAsync(AlertRuleInput input, params (string Field, string Code)[] expected)
    {
        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => Service.CreateAsync(input, Ct));
        Assert.Equal(expected, error.Errors.Select(e => (e.Field, e.Code)));
    }

    private static async Task AssertDeniedAsync(Func<Task> action) =>
        Assert.Equal(ErrorCodes.Forbidden, (await Assert.ThrowsAsync<AccessDeniedException>(action)).Code);

    private async Task SetCursorAsync(long id, long cursor)
    {
        await using var db = await _core.CreateDbContextAsync();
        await db.AlertRules.Where(r => r.Id == id).ExecuteUpdateAsync(s => s.SetProperty(r => r.Cursor, cursor), Ct);
    }

    private Task<long> CursorAsync(long id) => _core.ReadAsync(db => db.AlertRules.Where(r => r.Id == id).Select(r => r.Cursor).SingleAsync(Ct));
}

public sealed class RuleServiceTestsOnSqlite() : RuleServiceTests(DatabaseProvider.Sqlite);
