using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Time;

namespace RpaWorkbench.Core.Dashboard;

/// <summary>
/// Failed runs counted in memory per operator-zone day × account × app × message (see <see cref="FailureRollup.Counts"/>),
/// before they are added to the failure roll-up table: one upsert per distinct message of a batch, not one per log.
/// </summary>
public sealed class FailureTotals(TimeZoneInfo zone)
{
    private readonly Dictionary<(DateOnly Day, string Account, string App, long Hash), FailureRollup> _rows = [];

    public IEnumerable<FailureRollup> Rows => _rows.Values;

    public static FailureTotals Of(IEnumerable<ExecutionLog> logs, OperatorTime time)
    {
        var totals = new FailureTotals(time.Zone);
        foreach (var log in logs)
        {
            totals.Add(log.StartTime, log.ShadowBotAccount, log.AppName, log.Status, log.ErrorMessage);
        }

        return totals;
    }

    public void Add(DateTime startUtc, string account, string app, ExecutionStatus status, string? message)
    {
        if (!FailureRollup.Counts(status, message))
        {
            return;
        }

        var key = (RollupTotals.DayOf(startUtc, zone), account, app, FailureMessageHash.Of(message!));
        if (!_rows.TryGetValue(key, out var row))
        {
            row = new FailureRollup { Day = key.Item1, ShadowBotAccount = account, AppName = app, MessageHash = key.Item4, Message = message! };
            _rows[key] = row;
        }

        row.Count++;
    }
}
