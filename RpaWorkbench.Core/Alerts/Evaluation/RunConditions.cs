using System.Globalization;
using RpaWorkbench.Core.Executions;

namespace RpaWorkbench.Core.Alerts.Evaluation;

/// <summary>
/// The conditions read from run logs. Stopped runs (an operator's stop) are neither successes nor failures: they are
/// left out of a streak and of a rate. Failed, timed-out and lost runs are failures.
/// </summary>
internal static class RunConditions
{
    private static readonly ExecutionStatus[] Counted = [ExecutionStatus.Completed, ExecutionStatus.Failed, ExecutionStatus.TimedOut, ExecutionStatus.Lost];

    /// <summary>
    /// <see cref="AlertRuleKind.FailuresInARow"/>: a task whose last Threshold runs all failed. Only tasks that ran since
    /// the rule's cursor (and those firing) can have changed, so only they are read — each by its app's log index, newest
    /// first; a rule's first round reads every task in its scope.
    /// </summary>
    public static async Task FailuresInARowAsync(RuleRound round, bool firstRound)
    {
        var (db, rule, ct) = (round.Db, round.Rule, round.CancellationToken);
        var streak = Math.Max(1, rule.Threshold ?? 1);
        var cursor = rule.Cursor;
        var last = await db.ExecutionLogs.MaxAsync(l => (long?)l.Id, ct) ?? 0;
        var scoped = RuleScope.Tasks(db.Tasks, rule);
        var ran = firstRound
            ? scoped
            : scoped.Where(t => db.ExecutionLogs.Any(l => l.Id > cursor && l.Id <= last && l.TaskId == t.Id));
        var firing = (await AlertRaiser.FiringSubjectsAsync(db, rule.Id, ct)).ToHashSet(StringComparer.Ordinal);
        var firingTaskIds = firing.Select(TaskIdOf).OfType<long>().ToList();
        var tasks = await db.Tasks.Where(t => ran.Any(r => r.Id == t.Id) || firingTaskIds.Contains(t.Id))
            .Select(t => new { t.Id, t.TaskName, t.AppName, Account = t.Account!.ShadowBotAccount })
            .ToListAsync(ct);

        var holding = new List<AlertSignal>();
        foreach (var task in tasks)
        {
            // In scope again (the rule may have changed since it fired): only then can it hold.
            var recent = await RuleScope.Logs(db.ExecutionLogs, rule)
                .Where(l => l.AppName == task.AppName && l.TaskId == task.Id && l.Id <= last && Counted.Contains(l.Status))
                .OrderByDescending(l => l.StartTime).ThenByDescending(l => l.Id)
                .Take(streak)
                .Select(l => new { l.Id, l.Status, l.ShadowBotAccount, l.EndTime, l.ErrorMessage })
                .ToListAsync(ct);
            if (recent.Count == streak && recent.All(l => l.Status != ExecutionStatus.Completed))
            {
                var newest = recent[0];
                holding.Add(new AlertSignalText(
                        $"{streak} failed runs in a row: {task.TaskName}", $"连续 {streak} 次运行失败：{task.TaskName}")
                    .Field("Task", "任务", task.TaskName)
                    .Field("App", "应用", task.AppName)
                    .Field("Robot", "机器人", newest.ShadowBotAccount)
                    .Error(newest.ErrorMessage)
                    .For(AlertSubjects.Task(task.Id), AlertLinks.Log(newest.Id)));
            }
        }

        await round.SettleConditionAsync(holding, [.. tasks.Select(t => AlertSubjects.Task(t.Id)), .. firing]);
        round.MoveCursor(Math.Max(last, cursor));
    }

    /// <summary>
    /// <see cref="AlertRuleKind.SuccessRateBelow"/>: per app, robot or task, the runs that started in the last
    /// WindowMinutes (read through the start-time index, so a window costs what is in it, not the table), counted when
    /// there were at least MinRuns.
    /// </summary>
    public static async Task SuccessRateBelowAsync(RuleRound round)
    {
        var (db, rule, ct) = (round.Db, round.Rule, round.CancellationToken);
        var window = TimeSpan.FromMinutes(Math.Max(1, rule.WindowMinutes ?? 60));
        var since = round.Now - window;
        var runs = RuleScope.Logs(db.ExecutionLogs.Where(l => l.StartTime >= since && l.StartTime <= round.Now && Counted.Contains(l.Status)), rule);
        var groupBy = rule.GroupBy ?? AlertGroupBy.App;
        var rates = groupBy switch
        {
            AlertGroupBy.Account => await runs.Where(l => l.AccountId != null)
                .GroupBy(l => new { l.AccountId, l.ShadowBotAccount })
                .Select(g => new Rate(AlertSubjects.Account(g.Key.AccountId!.Value), g.Key.ShadowBotAccount, null, g.Count(), g.Count(l => l.Status == ExecutionStatus.Completed)))
                .ToListAsync(ct),
            AlertGroupBy.Task => await runs.Where(l => l.TaskId != null)
                .GroupBy(l => new { l.TaskId, l.Task!.TaskName, l.Task.AppName })
                .Select(g => new Rate(AlertSubjects.Task(g.Key.TaskId!.Value), g.Key.TaskName, g.Key.AppName, g.Count(), g.Count(l => l.Status == ExecutionStatus.Completed)))
                .ToListAsync(ct),
            _ => await runs.GroupBy(l => l.AppName)
                .Select(g => new Rate(AlertSubjects.App(g.Key), g.Key, g.Key, g.Count(), g.Count(l => l.Status == ExecutionStatus.Completed)))
                .ToListAsync(ct),
        };

        var percent = rule.Percent ?? 0;
        var minutes = (int)window.TotalMinutes;
        var holding = rates
            .Where(r => r.Runs >= Math.Max(1, rule.MinRuns ?? 1) && 100.0 * r.Succeeded / r.Runs < percent)
            .Select(r =>
            {
                var rate = (100.0 * r.Succeeded / r.Runs).ToString("0.#", CultureInfo.InvariantCulture);
                var floor = percent.ToString("0.#", CultureInfo.InvariantCulture);
                return new AlertSignalText($"Success rate {rate}% (under {floor}%): {r.Name}", $"成功率 {rate}%（低于 {floor}%）：{r.Name}")
                    .Line(FormattableString.Invariant($"{r.Succeeded} of {r.Runs} runs succeeded in the last {minutes} minutes"),
                        FormattableString.Invariant($"最近 {minutes} 分钟内 {r.Runs} 次运行，成功 {r.Succeeded} 次"))
                    .For(r.Subject, AlertLinks.Logs(app: r.App, account: groupBy == AlertGroupBy.Account ? r.Name : null));
            })
            .ToList();
        await round.SettleConditionAsync(holding);
    }

    private static long? TaskIdOf(string subject) =>
        subject.StartsWith("task:", StringComparison.Ordinal) && long.TryParse(subject.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    private sealed record Rate(string Subject, string Name, string? App, int Runs, int Succeeded);
}
