using RpaWorkbench.Core.Dispatch;

namespace RpaWorkbench.Core.Batches;

/// <summary>A page of the batches list, newest first, optionally of one state or task or searched by name; zero-based page.</summary>
public sealed record BatchQuery
{
    public const int MaxPageSize = 500;

    public string? Search { get; init; }
    public BatchState? State { get; init; }
    public long? TaskId { get; init; }
    public int Page { get; init; }
    public int PageSize { get; init; } = 25;
}

/// <summary>A page of a batch's items in row order, optionally of one state; zero-based page.</summary>
public sealed record BatchItemQuery
{
    public const int MaxPageSize = 1_000;

    public BatchItemState? State { get; init; }
    public int Page { get; init; }
    public int PageSize { get; init; } = 50;
}

/// <summary>How many of a batch's items are in each state.</summary>
public sealed record BatchCounts(int New, int InProgress, int Successful, int Failed, int Retried, int Abandoned, int Cancelled)
{
    public static readonly BatchCounts None = new(0, 0, 0, 0, 0, 0, 0);

    public int Total => New + InProgress + Successful + Failed + Retried + Abandoned + Cancelled;

    /// <summary>Items that reached an end state (successful, failed, abandoned or cancelled).</summary>
    public int Done => Successful + Failed + Abandoned + Cancelled;

    /// <summary>Items still to run: new, in progress or waiting for a retry.</summary>
    public int Remaining => New + InProgress + Retried;

    public static BatchCounts Of(IEnumerable<(BatchItemState State, int Count)> groups)
    {
        var counts = groups.ToDictionary(g => g.State, g => g.Count);
        int Get(BatchItemState state) => counts.GetValueOrDefault(state);
        return new BatchCounts(Get(BatchItemState.New), Get(BatchItemState.InProgress), Get(BatchItemState.Successful),
            Get(BatchItemState.Failed), Get(BatchItemState.Retried), Get(BatchItemState.Abandoned), Get(BatchItemState.Cancelled));
    }
}

/// <summary>One row of the batches list with its items' counts per state.</summary>
public record BatchRow(
    long Id,
    string Name,
    long TaskId,
    string TaskName,
    BatchState State,
    RunPriority Priority,
    int MaxRetries,
    int? Concurrency,
    int? WaitTimeoutSeconds,
    string? SourceFileName,
    int ItemCount,
    BatchCounts Counts,
    string CreatedBy,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    DateTime? FinishedAt,
    int Version);

/// <summary>
/// A batch with its columns, its pace — items ended per minute over the last 10 minutes (or since it was created, if
/// later) — and the time its remaining items should take at that pace (null when nothing ended lately or it is not running).
/// </summary>
public sealed record BatchDetail : BatchRow
{
    public BatchDetail(BatchRow row, IReadOnlyList<string> columns, double throughputPerMinute, TimeSpan? eta)
        : base(row)
    {
        Columns = columns;
        ThroughputPerMinute = throughputPerMinute;
        Eta = eta;
    }

    public IReadOnlyList<string> Columns { get; }
    public double ThroughputPerMinute { get; }
    public TimeSpan? Eta { get; }

    /// <summary><see cref="Eta"/> in whole seconds, rounded up.</summary>
    public long? EtaSeconds => Eta is { } eta ? (long)Math.Ceiling(eta.TotalSeconds) : null;
}

/// <summary>One item of a batch: its row's values, its state and last attempt.</summary>
public sealed record BatchItemRow(
    long Id,
    int RowNumber,
    BatchItemState State,
    int Attempts,
    string? RunId,
    string? LastError,
    string? Outputs,
    IReadOnlyDictionary<string, string?> Values,
    DateTime? StartedAt,
    DateTime? EndedAt);
