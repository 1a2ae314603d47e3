namespace RpaWorkbench.Core.Workflows;

/// <summary>
/// A workflow run's life: running (its current step is being dispatched, runs, waits or awaits approval) → succeeded,
/// failed or cancelled. Pause takes effect after the current step (<see cref="WorkflowRun.PauseRequested"/> until then):
/// paused → running on resume. A failed run may be restarted from its failed step (→ running).
/// </summary>
public enum WorkflowRunState
{
    Running,
    Paused,
    Succeeded,
    Failed,
    Cancelled,
}

/// <summary>
/// One attempt of a step: pending (committed, not yet dispatched) → running (dispatched: a queued robot run, an HTTP
/// request in flight, a wait) or waiting (an approval awaiting a decision) → succeeded, failed, timed out or cancelled.
/// </summary>
public enum WorkflowStepState
{
    Pending,
    Running,
    Waiting,
    Succeeded,
    Failed,
    TimedOut,
    Cancelled,
}

/// <summary>What started a run.</summary>
public enum WorkflowTrigger
{
    Manual,
    Api,
    Mcp,
    Schedule,
}

public enum WorkflowLogLevel
{
    Info,
    Warn,
    Error,
}
