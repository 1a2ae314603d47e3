namespace RpaWorkbench.Core.Dispatch;

/// <summary>A page of the queue: runs in the given states (waiting, starting and running when none), in the order they are served; zero-based page.</summary>
public sealed record QueueQuery
{
    public const int MaxPageSize = 500;

    /// <summary>The states the queue page shows by default: waiting and in flight.</summary>
    public static readonly IReadOnlyList<DispatchRunState> OpenStates = [DispatchRunState.Waiting, DispatchRunState.Starting, DispatchRunState.Running];

    public IReadOnlyList<DispatchRunState>? States { get; init; }
    public int Page { get; init; }
    public int PageSize { get; init; } = 25;
}

/// <summary>
/// One queued run: its task, its target (an account or a group, by name), the robot it runs on once started, and the
/// batch it is an attempt of.
/// </summary>
public sealed record QueueRow(
    long Id,
    string RunId,
    long TaskId,
    string TaskName,
    long? TargetAccountId,
    string? TargetAccountName,
    long? TargetGroupId,
    string? TargetGroupName,
    long? AccountId,
    string? AccountName,
    RunPriority Priority,
    DispatchRunState State,
    long? BatchId,
    string? BatchName,
    int Attempt,
    DateTime EnqueuedAt,
    DateTime? NotBefore,
    DateTime? ExpiresAt,
    DateTime? StartedAt,
    string? Error);
