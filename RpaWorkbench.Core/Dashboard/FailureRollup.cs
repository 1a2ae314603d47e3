using RpaWorkbench.Core.Executions;

namespace RpaWorkbench.Core.Dashboard;

/// <summary>
/// How many runs of one app on one robot account, started on one operator-zone day, failed with one message: what the
/// dashboard's top failure messages read instead of the logs. Kept in the same transactions as <see cref="DailyRollup"/>
/// and rebuilt with it. The message is identified by its <see cref="FailureMessageHash"/>; its text is stored once, in
/// <see cref="FailureMessage"/>, so that rows stay narrow and a 4,000-character message makes no 4,000-character key.
/// </summary>
public class FailureRollup : IRollupRow
{
    /// <summary>Failed, timed-out and lost runs count; completed and force-stopped ones do not.</summary>
    public static readonly ExecutionStatus[] CountedStatuses = [ExecutionStatus.Failed, ExecutionStatus.TimedOut, ExecutionStatus.Lost];

    public DateOnly Day { get; set; }

    public required string ShadowBotAccount { get; set; }
    public required string AppName { get; set; }

    /// <summary>The <see cref="FailureMessage.MessageHash"/> of the message.</summary>
    public long MessageHash { get; set; }

    public int Count { get; set; }

    /// <summary>Whether a run with this status and message is counted (a message that is neither null nor empty).</summary>
    public static bool Counts(ExecutionStatus status, string? message) =>
        !string.IsNullOrEmpty(message) && Array.IndexOf(CountedStatuses, status) >= 0;
}

/// <summary>The text of a failure message counted in <see cref="FailureRollup"/>, stored whole, once.</summary>
public class FailureMessage
{
    /// <summary><see cref="FailureMessageHash.Of"/> of <see cref="Message"/>.</summary>
    public long MessageHash { get; set; }

    /// <summary>The error message exactly as the logs hold it.</summary>
    public required string Message { get; set; }
}
