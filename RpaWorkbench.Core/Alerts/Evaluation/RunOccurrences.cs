using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Time;

namespace RpaWorkbench.Core.Alerts.Evaluation;

/// <summary>
/// <see cref="AlertRuleKind.RunFailed"/> and <see cref="AlertRuleKind.RunTimedOutOrLost"/>: each stored run log after
/// the rule's cursor (the last log id looked at) with a matching status is an occurrence about its task, or about its app
/// on its robot when it ran without a task, so a task's repeats fall into one alert within the de-duplication window.
/// </summary>
internal sealed class RunOccurrences(OperatorTime operatorTime)
{
    /// <summary>At most this many logs are read at a time (a pass reads on until it has seen them all).</summary>
    public const int PageSize = 1000;

    public async Task EvaluateAsync(RuleRound round)
    {
        var statuses = round.Rule.Kind == AlertRuleKind.RunFailed
            ? new[] { ExecutionStatus.Failed }
            : [ExecutionStatus.TimedOut, ExecutionStatus.Lost];
        var db = round.Db;
        while (true)
        {
            var cursor = round.Rule.Cursor;
            // The cursor moves over every log, matching or not; the id range is the primary key's, so a pass reads only what is new.
            var last = await db.ExecutionLogs.Where(l => l.Id > cursor).OrderBy(l => l.Id).Skip(PageSize - 1)
                .Select(l => (long?)l.Id).FirstOrDefaultAsync(round.CancellationToken)
                ?? await db.ExecutionLogs.MaxAsync(l => (long?)l.Id, round.CancellationToken) ?? cursor;
            if (last <= cursor)
            {
                return;
            }

            var runs = await RuleScope.Logs(db.ExecutionLogs.Where(l => l.Id > cursor && l.Id <= last && statuses.Contains(l.Status)), round.Rule)
                .OrderBy(l => l.Id)
                .Select(l => new EndedRun(l.Id, l.Status, l.AppName, l.ShadowBotAccount, l.TaskId, l.Task!.TaskName, l.EndTime, l.ErrorMessage))
                .ToListAsync(round.CancellationToken);
            foreach (var run in runs)
            {
                await round.FireAsync(SignalOf(run));
            }

            round.MoveCursor(last);
        }
    }

    private AlertSignal SignalOf(EndedRun run)
    {
        var (en, zh) = run.Status switch
        {
            ExecutionStatus.TimedOut => ("Run timed out", "运行超时"),
            ExecutionStatus.Lost => ("Run lost", "运行失联"),
            _ => ("Run failed", "运行失败"),
        };
        var what = run.TaskName ?? run.AppName;
        return new AlertSignalText($"{en}: {what}", $"{zh}：{what}")
            .Field("Task", "任务", run.TaskName)
            .Field("App", "应用", run.AppName)
            .Field("Robot", "机器人", run.Account)
            .Time("Ended", "结束时间", run.EndTime, operatorTime)
            .Error(run.Error)
            .For(run.TaskId is { } taskId ? AlertSubjects.Task(taskId) : AlertSubjects.AppOn(run.AppName, run.Account), AlertLinks.Log(run.Id));
    }

    private sealed record EndedRun(long Id, ExecutionStatus Status, string AppName, string Account, long? TaskId, string? TaskName, DateTime EndTime, string? Error);
}
