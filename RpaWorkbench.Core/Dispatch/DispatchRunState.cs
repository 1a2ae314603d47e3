namespace RpaWorkbench.Core.Dispatch;

/// <summary>
/// A queued run's life: waiting → starting (a dispatcher claimed it and a robot, and is calling the agent) → running
/// (the agent accepted) → ended (its outcome is known). A waiting run may instead end expired (its wait timeout
/// passed) or cancelled (its batch was cancelled, or an operator removed it).
/// </summary>
public enum DispatchRunState
{
    Waiting,
    Starting,
    Running,
    Ended,
    Expired,
    Cancelled,
}
