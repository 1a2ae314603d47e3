namespace RpaWorkbench.Core.Executions;

/// <summary>How a run ended: reported by the robot (completed/failed) or decided by the Workbench (stopped/timed_out).</summary>
public enum ExecutionStatus
{
    Completed,
    Failed,
    Stopped,
    TimedOut,
}
