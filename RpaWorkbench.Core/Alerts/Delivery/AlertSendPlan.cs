namespace RpaWorkbench.Core.Alerts.Delivery;

/// <summary>
/// What a pass does with one channel's due messages (oldest first) when the channel takes <c>allowance</c> more now:
/// the messages sent as they are, and those gathered into one digest. A backlog quiet hours held (more than one held
/// message due together) is always one digest. When everything does not fit, the oldest (allowance − 1) messages go
/// singly and the rest become the digest, which takes the last place; with no allowance nothing is sent.
/// </summary>
internal sealed record AlertSendPlan(IReadOnlyList<AlertNotification> Singles, IReadOnlyList<AlertNotification> Gathered)
{
    public static AlertSendPlan Of(IReadOnlyList<AlertNotification> due, int allowance)
    {
        if (allowance <= 0)
        {
            return new AlertSendPlan([], []);
        }

        var held = due.Where(n => n.State == AlertNotificationState.Held && AlertDigests.CanGather(n)).ToList();
        List<AlertNotification> backlog = held.Count > 1 ? held : [];
        // A digest or test message cannot be gathered: it goes first, so it cannot wait behind a digest forever.
        var singles = due.Except(backlog).OrderBy(n => AlertDigests.CanGather(n)).ToList();
        var messages = singles.Count + (backlog.Count > 0 ? 1 : 0);
        if (messages <= allowance)
        {
            return new AlertSendPlan(singles, backlog);
        }

        var kept = singles.Take(allowance - 1).ToList();
        var gathered = singles.Skip(allowance - 1).Where(AlertDigests.CanGather).Concat(backlog).ToList();
        return gathered.Count == 1
            ? new AlertSendPlan([.. kept, .. gathered], [])
            : new AlertSendPlan(kept, gathered);
    }
}
