using RpaWorkbench.Core.Batches;
using RpaWorkbench.Core.Time;
using RpaWorkbench.Core.Workflows;

namespace RpaWorkbench.Core.Alerts.Evaluation;

/// <summary>
/// The batch and workflow kinds: each batch or workflow run that ended after the rule's cursor is an occurrence about
/// it. Ids follow creation, not ends, so the cursor is an end time (its ticks); it stays <see cref="SettleTime"/>
/// behind the clock so an end committed a moment after it was stamped is still read.
/// </summary>
internal sealed class EndedOccurrences(OperatorTime operatorTime)
{
    public static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(10);

    private static readonly BatchItemState[] FailedItems = [BatchItemState.Failed, BatchItemState.Abandoned];

    /// <summary>Where a new rule starts: what ended before (or at) the instant it was saved is history.</summary>
    public static long StartCursor(RuleRound round) => round.Rule.UpdatedAt.Ticks;

    public Task EvaluateAsync(RuleRound round) => round.Rule.Kind is AlertRuleKind.BatchFinished or AlertRuleKind.BatchFailed
        ? BatchesAsync(round)
        : WorkflowRunsAsync(round);

    private async Task BatchesAsync(RuleRound round)
    {
        var (db, rule) = (round.Db, round.Rule);
        var (after, upTo) = Range(round);
        var ended = await RuleScope.Batches(db.Batches, db.Tasks, rule)
            .Where(b => (b.State == BatchState.Completed || b.State == BatchState.Cancelled) && b.FinishedAt > after && b.FinishedAt <= upTo)
            .OrderBy(b => b.FinishedAt)
            .Select(b => new EndedBatch(b.Id, b.Name, b.State, b.Task!.TaskName, b.FinishedAt!.Value, b.ItemCount,
                db.BatchItems.Count(i => i.BatchId == b.Id && i.State == BatchItemState.Successful),
                db.BatchItems.Count(i => i.BatchId == b.Id && FailedItems.Contains(i.State))))
            .ToListAsync(round.CancellationToken);
        foreach (var batch in ended)
        {
            var failed = batch.State == BatchState.Cancelled || batch.Failed > 0;
            if (rule.Kind == AlertRuleKind.BatchFinished || failed)
            {
                await round.FireAsync(SignalOf(batch, rule.Kind));
            }
        }

        round.MoveCursor(ended.Count > 0 ? Math.Max(rule.Cursor, ended[^1].FinishedAt.Ticks) : rule.Cursor);
    }

    private async Task WorkflowRunsAsync(RuleRound round)
    {
        var (db, rule) = (round.Db, round.Rule);
        var (after, upTo) = Range(round);
        var state = rule.Kind == AlertRuleKind.WorkflowFinished ? WorkflowRunState.Succeeded : WorkflowRunState.Failed;
        var ended = await RuleScope.WorkflowRuns(db.WorkflowRuns, db.WorkflowStepRuns, db.DispatchRuns, rule)
            .Where(r => (r.State == WorkflowRunState.Succeeded || r.State == WorkflowRunState.Failed) && r.FinishedAt > after && r.FinishedAt <= upTo)
            .OrderBy(r => r.FinishedAt)
            .Select(r => new EndedWorkflowRun(r.Id, r.Workflow!.Name, r.State, r.FinishedAt!.Value, r.Error))
            .ToListAsync(round.CancellationToken);
        foreach (var run in ended.Where(r => r.State == state))
        {
            var (en, zh) = state == WorkflowRunState.Succeeded ? ("Workflow succeeded", "工作流成功") : ("Workflow failed", "工作流失败");
            await round.FireAsync(new AlertSignalText($"{en}: {run.Workflow}", $"{zh}：{run.Workflow}")
                .Field("Run", "运行", FormattableString.Invariant($"#{run.Id}"))
                .Time("Ended", "结束时间", run.FinishedAt, operatorTime)
                .Error(run.Error)
                .For(AlertSubjects.WorkflowRun(run.Id), AlertLinks.WorkflowRun(run.Id)));
        }

        round.MoveCursor(ended.Count > 0 ? Math.Max(rule.Cursor, ended[^1].FinishedAt.Ticks) : rule.Cursor);
    }

    private static (DateTime After, DateTime UpTo) Range(RuleRound round) =>
        (new DateTime(round.Rule.Cursor, DateTimeKind.Utc), round.Now - SettleTime);

    private AlertSignal SignalOf(EndedBatch batch, AlertRuleKind kind)
    {
        var (en, zh) = (kind, batch.State) switch
        {
            (AlertRuleKind.BatchFinished, _) => ("Batch finished", "批次完成"),
            (_, BatchState.Cancelled) => ("Batch cancelled", "批次已取消"),
            _ => ("Batch failed", "批次失败"),
        };
        return new AlertSignalText($"{en}: {batch.Name}", $"{zh}：{batch.Name}")
            .Field("Task", "任务", batch.TaskName)
            .Line(FormattableString.Invariant($"Items: {batch.Items}, succeeded {batch.Succeeded}, failed {batch.Failed}"),
                FormattableString.Invariant($"条目：共 {batch.Items} 条，成功 {batch.Succeeded} 条，失败 {batch.Failed} 条"))
            .Time("Ended", "结束时间", batch.FinishedAt, operatorTime)
            .For(AlertSubjects.Batch(batch.Id), AlertLinks.Batch(batch.Id));
    }

    private sealed record EndedBatch(long Id, string Name, BatchState State, string? TaskName, DateTime FinishedAt, int Items, int Succeeded, int Failed);

    private sealed record EndedWorkflowRun(long Id, string Workflow, WorkflowRunState State, DateTime FinishedAt, string? Error);
}
