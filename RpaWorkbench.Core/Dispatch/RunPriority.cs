namespace RpaWorkbench.Core.Dispatch;

/// <summary>
/// Which waiting run goes first: high before normal before low, then first come first served. Stored as its number
/// (0, 1, 2) so the queue is read in index order; named <c>high</c>, <c>normal</c>, <c>low</c> everywhere else.
/// </summary>
public enum RunPriority
{
    High = 0,
    Normal = 1,
    Low = 2,
}
