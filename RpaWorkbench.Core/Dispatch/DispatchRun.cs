using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Batches;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Groups;
using RpaWorkbench.Core.Tasks;

namespace RpaWorkbench.Core.Dispatch;

/// <summary>
/// One run of a task in the durable dispatch queue: it waits for an idle robot of its target (an account, or any
/// member of a group), is started there by exactly one dispatcher, and ends with the outcome its robot reports. A batch
/// item's every attempt is one of these; so is a start of a task that targets a group.
/// </summary>
public class DispatchRun
{
    public const int MaxRunIdLength = 64;

    public long Id { get; set; }

    /// <summary>
    /// The run's id: the agent's idempotency key (ShadowBot's <c>idempotentUuid</c>, ≤ 36 characters) and the
    /// <c>execution_id</c> the robot reports back. A batch item's attempt derives it from the item id and attempt
    /// (<see cref="BatchItem.RunIdOf"/>), so starting the same attempt twice is harmless.
    /// </summary>
    public required string RunId { get; set; }

    public long TaskId { get; set; }
    public RobotTask? Task { get; set; }

    /// <summary>The robot to run on; exactly one of this and <see cref="TargetGroupId"/> is set.</summary>
    public long? TargetAccountId { get; set; }

    /// <summary>Any idle robot of this group.</summary>
    public long? TargetGroupId { get; set; }
    public RobotGroup? TargetGroup { get; set; }

    public RunPriority Priority { get; set; } = RunPriority.Normal;
    public DispatchRunState State { get; set; } = DispatchRunState.Waiting;

    /// <summary>The values of the task's declared parameters for this run, checked when it was queued.</summary>
    public IReadOnlyDictionary<string, string?> Parameters { get; set; } = new Dictionary<string, string?>();

    public DateTime EnqueuedAt { get; set; }

    /// <summary>Not started before this instant (a retry's backoff); null when it may start at once.</summary>
    public DateTime? NotBefore { get; set; }

    /// <summary>Still waiting at this instant: the run ends <see cref="DispatchRunState.Expired"/>. Null waits for ever.</summary>
    public DateTime? ExpiresAt { get; set; }

    /// <summary>The robot a dispatcher started it on.</summary>
    public long? AccountId { get; set; }
    public Account? Account { get; set; }

    public DateTime? StartedAt { get; set; }
    public DateTime? EndedAt { get; set; }

    /// <summary>The ShadowBot job, when started through the ShadowBot OpenAPI.</summary>
    public string? JobUuid { get; set; }

    /// <summary>How it ended (the robot's report or the Workbench's verdict); null until ended.</summary>
    public ExecutionStatus? Outcome { get; set; }

    /// <summary>Why it failed, expired or could not start.</summary>
    public string? Error { get; set; }

    /// <summary>The execution log that recorded its outcome.</summary>
    public long? ExecutionLogId { get; set; }

    /// <summary>The batch item this run is an attempt of, and its batch (kept here for the batch's limits and pauses).</summary>
    public long? BatchItemId { get; set; }
    public BatchItem? BatchItem { get; set; }
    public long? BatchId { get; set; }
    public Batch? Batch { get; set; }

    /// <summary>Which attempt of its batch item (1, 2, …); 1 for a run of its own.</summary>
    public int Attempt { get; set; } = 1;

    /// <summary>Optimistic concurrency token, bumped on every change.</summary>
    public int Version { get; set; }
}
