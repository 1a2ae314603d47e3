using RpaWorkbench.Core.Executions;

namespace RpaWorkbench.Core.Dashboard;

/// <summary>
/// Failed runs counted in memory per operator-zone day × account × app × message (see <see cref="FailureRollup.Counts"/>),
/// before they are added to the failure roll-up: one upsert per distinct key of a batch, not one per log.
/// </summary>
internal sealed class FailureTotals(TimeZoneInfo zone)
{
    private readonly Dictionary<(DateOnly Day, string Account, string App, long Hash), FailureRollup> _rows = [];
    private readonly Dictionary<long, FailureMessage> _messages = [];

    public IEnumerable<FailureRollup> Rows => _rows.Values;

    /// <summary>The text of every message counted, once each.</summary>
    public IEnumerable<FailureMessage> Messages => _messages.Values;

    public void Add(DateTime startUtc, string account, string app, ExecutionStatus status, string? message)
    {
        if (!FailureRollup.Counts(status, message))
        {
            return;
        }

        var hash = FailureMessageHash.Of(message!);
        _messages.TryAdd(hash, new FailureMessage { MessageHash = hash, Message = message! });
        var key = (RollupTotals.DayOf(startUtc, zone), account, app, hash);
        if (!_rows.TryGetValue(key, out var row))
        {
            row = new FailureRollup { Day = key.Item1, ShadowBotAccount = account, AppName = app, MessageHash = hash };
            _rows[key] = row;
        }

        row.Count++;
    }
}
