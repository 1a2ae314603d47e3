namespace RpaWorkbench.Core.Batches;

/// <summary>
/// running (items are dispatched) ⇄ paused (nothing new is dispatched; runs in flight finish) → completed (every item
/// reached an end state) or cancelled (runs in flight stopped, the rest cancelled). Retrying failed items of a
/// completed batch makes it running again.
/// </summary>
public enum BatchState
{
    Running,
    Paused,
    Completed,
    Cancelled,
}
