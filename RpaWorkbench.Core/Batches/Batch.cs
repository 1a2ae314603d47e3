using RpaWorkbench.Core.Dispatch;
using RpaWorkbench.Core.Tasks;

namespace RpaWorkbench.Core.Batches;

/// <summary>
/// A spreadsheet's rows run as one robot run each (<see cref="BatchItem"/>) of one task, through the dispatch queue,
/// with the batch's priority, concurrency limit and retries.
/// </summary>
public class Batch
{
    public const int MaxNameLength = 128;
    public const int MaxRetriesLimit = 10;
    public const int MaxFileNameLength = 255;

    public long Id { get; set; }
    public required string Name { get; set; }
    public long TaskId { get; set; }
    public RobotTask? Task { get; set; }

    public BatchState State { get; set; } = BatchState.Running;
    public RunPriority Priority { get; set; } = RunPriority.Normal;

    /// <summary>How many times an item is tried again after a system failure (robot unreachable, timed out, lost).</summary>
    public int MaxRetries { get; set; }

    /// <summary>At most this many of its items run at once; null for as many as there are idle robots.</summary>
    public int? Concurrency { get; set; }

    /// <summary>An item's run still waiting this long after it was queued ends expired (the item abandoned); null waits for ever.</summary>
    public int? WaitTimeoutSeconds { get; set; }

    /// <summary>The sheet's columns in their order (for the result workbook), as uploaded.</summary>
    public IReadOnlyList<string> Columns { get; set; } = [];

    public string? SourceFileName { get; set; }
    public int ItemCount { get; set; }

    /// <summary>Who created it (the user's or API key's name, as the audit trail writes it).</summary>
    public required string CreatedBy { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>When it completed or was cancelled.</summary>
    public DateTime? FinishedAt { get; set; }

    /// <summary>Optimistic concurrency token, bumped on every change.</summary>
    public int Version { get; set; }
}
