namespace RpaWorkbench.Core.Executions;

/// <summary>How a run ended: reported by the robot (completed/failed) or decided by the Workbench (stopped/timed_out/lost).</summary>
public enum ExecutionStatus
{
    Completed,
    Failed,
    Stopped,
    TimedOut,

    /// <summary>The robot stopped sending heartbeats during the run.</summary>
    Lost,
}
