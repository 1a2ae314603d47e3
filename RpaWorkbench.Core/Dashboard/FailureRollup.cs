using RpaWorkbench.Core.Executions;

namespace RpaWorkbench.Core.Dashboard;

/// <summary>
/// How many runs of one app on one robot account, started on one operator-zone day, failed with one message: what the
/// dashboard's top failure messages read instead of the logs. Kept in the same transactions as <see cref="DailyRollup"/>
/// and rebuilt with it. The message is stored whole; the key holds its <see cref="FailureMessageHash"/> so that a
/// 4,000-character message does not make a 4,000-character index entry.
/// </summary>
public class FailureRollup : IRollupRow
{
    /// <summary>Failed, timed-out and lost runs count; completed and force-stopped ones do not.</summary>
    public static readonly ExecutionStatus[] CountedStatuses = [ExecutionStatus.Failed, ExecutionStatus.TimedOut, ExecutionStatus.Lost];

    public DateOnly Day { get; set; }

    public required string ShadowBotAccount { get; set; }
    public required string AppName { get; set; }

    /// <summary><see cref="FailureMessageHash.Of"/> of <see cref="Message"/>.</summary>
    public long MessageHash { get; set; }

    public int Count { get; set; }

    /// <summary>The error message exactly as the logs hold it (never null or empty: runs without one are not counted).</summary>
    public required string Message { get; set; }

    /// <summary>Whether a run with this status and message is counted.</summary>
    public static bool Counts(ExecutionStatus status, string? message) =>
        !string.IsNullOrEmpty(message) && Array.IndexOf(CountedStatuses, status) >= 0;
}
