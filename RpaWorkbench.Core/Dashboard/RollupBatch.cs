using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Time;

namespace RpaWorkbench.Core.Dashboard;

/// <summary>
/// Runs summed in memory for both roll-ups at once, per operator-zone day: the daily totals (day × account × app) and
/// the failure counts (day × account × app × message). <see cref="RollupWriter"/> then adds them in one go.
/// </summary>
internal sealed class RollupBatch(TimeZoneInfo zone)
{
    public RollupTotals Daily { get; } = new(zone);

    public FailureTotals Failures { get; } = new(zone);

    public static RollupBatch Of(IEnumerable<ExecutionLog> logs, OperatorTime time)
    {
        var batch = new RollupBatch(time.Zone);
        foreach (var log in logs)
        {
            batch.Add(log.StartTime, log.ShadowBotAccount, log.AppName, log.Status, log.DurationSeconds, log.TotalItems, log.ErrorMessage);
        }

        return batch;
    }

    /// <summary>Counts one run in both roll-ups (in the failure roll-up only when <see cref="FailureRollup.Counts"/> says so).</summary>
    public void Add(DateTime startUtc, string account, string app, ExecutionStatus status, double durationSeconds, long items, string? errorMessage)
    {
        Daily.Add(startUtc, account, app, status, durationSeconds, items);
        Failures.Add(startUtc, account, app, status, errorMessage);
    }
}
