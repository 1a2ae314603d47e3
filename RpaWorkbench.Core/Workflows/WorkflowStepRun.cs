using RpaWorkbench.Core.Dispatch;

namespace RpaWorkbench.Core.Workflows;

/// <summary>One attempt of one step of a run: what it was given (its rendered inputs), what it gave (outputs), how it ended.</summary>
public class WorkflowStepRun
{
    public const int MaxErrorLength = 2000;
    public const int MaxCommentLength = 1000;

    public long Id { get; set; }
    public long RunId { get; set; }
    public WorkflowRun? Run { get; set; }

    /// <summary>The step's index and name in the run's version.</summary>
    public int StepIndex { get; set; }
    public required string StepName { get; set; }

    /// <summary>1 for the first try; the retry policy's and a restart's tries count on.</summary>
    public int Attempt { get; set; } = 1;

    public WorkflowStepState State { get; set; } = WorkflowStepState.Pending;

    /// <summary>The rendered inputs as a JSON object (a robot step's parameters, an HTTP step's request without secrets).</summary>
    public string? Inputs { get; set; }

    /// <summary>The step's outputs as a JSON object, readable by later steps as <c>steps.&lt;name&gt;.outputs</c>.</summary>
    public string? Outputs { get; set; }

    public string? Error { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? EndedAt { get; set; }

    /// <summary>When the attempt times out, a wait ends or an approval's deadline passes; null: no such limit.</summary>
    public DateTime? DueAt { get; set; }

    /// <summary>A pending retry does not start before this instant (its backoff).</summary>
    public DateTime? NotBefore { get; set; }

    /// <summary>An HTTP attempt in flight on an instance until this instant; after it (the instance died) the attempt is taken as interrupted.</summary>
    public DateTime? LeaseUntil { get; set; }

    /// <summary>The queued run of a robot run or Dify step.</summary>
    public long? DispatchRunId { get; set; }
    public DispatchRun? DispatchRun { get; set; }

    /// <summary>Who approved or rejected an approval step, and their comment.</summary>
    public string? DecidedBy { get; set; }
    public string? Comment { get; set; }

    public int Version { get; set; }

    public static bool IsOpen(WorkflowStepState state) =>
        state is WorkflowStepState.Pending or WorkflowStepState.Running or WorkflowStepState.Waiting;

    public TimeSpan? Duration => StartedAt is { } start && EndedAt is { } end ? end - start : null;
}
