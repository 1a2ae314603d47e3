namespace RpaWorkbench.Core.Batches;

/// <summary>
/// One row's life: new (waiting in the queue) → in progress (a robot runs it) → successful | failed (the robot said
/// so; retried only when an operator asks) | retried (a system failure — robot unreachable, timed out, lost — its
/// next attempt waits out the backoff) | abandoned (system failures used up the retries, or it expired in the queue)
/// | cancelled (its batch was cancelled before it ended).
/// </summary>
public enum BatchItemState
{
    New,
    InProgress,
    Successful,
    Failed,
    Retried,
    Abandoned,
    Cancelled,
}
