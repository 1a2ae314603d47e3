using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Time;

namespace RpaWorkbench.Core.Alerts.Evaluation;

/// <summary>
/// Evaluates one rule into the caller's unit of work (nothing is saved here): what holds or happened is fired, what no
/// longer holds resolved, and an occurrence rule's cursor moved past what it read. A rule's first round (cursor 0)
/// first places the cursor where the rule was saved (its kind set): runs stored and batches or workflow runs ended
/// before then are history and not alerted on; those after are, in that same round.
/// </summary>
internal sealed class RuleEvaluation(AlertRaiser raiser, OperatorTime operatorTime, IOptions<AccountOptions> accounts)
{
    /// <summary>The cursor of an occurrence rule started on an empty log table: started, nothing read yet.</summary>
    public const long StartedOnEmpty = -1;

    private readonly RunOccurrences _runs = new(operatorTime);
    private readonly EndedOccurrences _ended = new(operatorTime);
    private readonly StateConditions _states = new(accounts, operatorTime);

    public async Task<IReadOnlyList<Alert>> EvaluateAsync(WorkbenchDbContext db, AlertRule rule, DateTime now, CancellationToken cancellationToken)
    {
        var round = new RuleRound(db, rule, now, raiser, cancellationToken);
        if (!rule.Enabled)
        {
            await ResolveSilentlyAsync(round);
            return round.Touched;
        }

        var firstRound = rule.Cursor == 0;
        switch (rule.Kind)
        {
            case AlertRuleKind.RunFailed or AlertRuleKind.RunTimedOutOrLost:
                if (firstRound)
                {
                    round.MoveCursor(await LastLogBeforeAsync(db, rule.UpdatedAt, cancellationToken) ?? StartedOnEmpty);
                }

                await _runs.EvaluateAsync(round);
                break;
            case AlertRuleKind.BatchFinished or AlertRuleKind.BatchFailed or AlertRuleKind.WorkflowFinished or AlertRuleKind.WorkflowFailed:
                if (firstRound)
                {
                    round.MoveCursor(EndedOccurrences.StartCursor(round));
                }

                await _ended.EvaluateAsync(round);
                break;
            case AlertRuleKind.FailuresInARow:
                await RunConditions.FailuresInARowAsync(round, firstRound);
                break;
            case AlertRuleKind.SuccessRateBelow:
                await RunConditions.SuccessRateBelowAsync(round);
                break;
            case AlertRuleKind.RobotOffline:
                await _states.RobotOfflineAsync(round);
                break;
            case AlertRuleKind.QueuedTooLong:
                await StateConditions.QueuedTooLongAsync(round);
                break;
        }

        return round.Touched;
    }

    // Logs are stored in id order, so reading back from the newest stops at the first one stored before the rule.
    private static Task<long?> LastLogBeforeAsync(WorkbenchDbContext db, DateTime savedAt, CancellationToken cancellationToken) =>
        db.ExecutionLogs.Where(l => l.CreatedAt <= savedAt).OrderByDescending(l => l.Id).Select(l => (long?)l.Id).FirstOrDefaultAsync(cancellationToken);

    // A disabled rule's firing alerts end without a resolved notice: nothing was fixed, the rule stopped looking. The rule
    // is detached first, so turning its notice off here changes only this round, never the stored rule.
    private static async Task ResolveSilentlyAsync(RuleRound round)
    {
        var firing = await AlertRaiser.FiringSubjectsAsync(round.Db, round.Rule.Id, round.CancellationToken);
        if (firing.Count == 0)
        {
            return;
        }

        round.Db.Entry(round.Rule).State = EntityState.Detached;
        round.Rule.SendResolved = false;
        foreach (var subject in firing)
        {
            await round.ResolveAsync(subject);
        }
    }
}
