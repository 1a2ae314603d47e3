using RpaWorkbench.Core.Executions;

namespace RpaWorkbench.Core.Robots.ShadowBot;

/// <summary>
/// What a ShadowBot job status means for a run, in one place for the native callback and for job/query: finish →
/// completed, error → failed, stopped/cancel/skipped → stopped; created and waiting are queued, running and stopping run.
/// </summary>
public static class ShadowBotJobStatuses
{
    /// <summary>The statuses, as an error message lists them.</summary>
    public const string Described = "finish, error, stopped, cancel, skipped (ended) or created, waiting, running, stopping";

    private static readonly Dictionary<string, ExecutionStatus> Ended = new(StringComparer.OrdinalIgnoreCase)
    {
        ["finish"] = ExecutionStatus.Completed,
        ["error"] = ExecutionStatus.Failed,
        ["stopped"] = ExecutionStatus.Stopped,
        ["cancel"] = ExecutionStatus.Stopped,
        ["skipped"] = ExecutionStatus.Stopped,
    };

    private static readonly HashSet<string> Waiting = new(StringComparer.OrdinalIgnoreCase) { "created", "waiting" };

    private static readonly HashSet<string> Running = new(StringComparer.OrdinalIgnoreCase) { "running", "stopping" };

    /// <summary>How the run ended, or null while the job has not ended (or the status is unknown).</summary>
    public static ExecutionStatus? Outcome(string status) => Ended.TryGetValue(status, out var outcome) ? outcome : null;

    /// <summary>The job waits in ShadowBot's queue for a robot.</summary>
    public static bool IsWaiting(string status) => Waiting.Contains(status);

    /// <summary>A robot runs the job (or is stopping it).</summary>
    public static bool IsRunning(string status) => Running.Contains(status);

    public static bool IsKnown(string status) => Ended.ContainsKey(status) || Waiting.Contains(status) || Running.Contains(status);
}
