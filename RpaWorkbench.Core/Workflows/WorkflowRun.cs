namespace RpaWorkbench.Core.Workflows;

/// <summary>
/// One execution of a workflow at the version it started with: its inputs, state, current step and the engine's next
/// look (<see cref="NextWakeAt"/>). Its steps' attempts are <see cref="WorkflowStepRun"/> rows, its log lines
/// <see cref="WorkflowLogLine"/> rows. Every change bumps <see cref="Version"/>, so two Workbench instances never both
/// act on the same transition.
/// </summary>
public class WorkflowRun
{
    public const int MaxErrorLength = 2000;

    public long Id { get; set; }
    public long WorkflowId { get; set; }
    public Workflow? Workflow { get; set; }
    public long WorkflowVersionId { get; set; }
    public WorkflowVersion? WorkflowVersion { get; set; }

    /// <summary>The version's number, kept here for lists.</summary>
    public int VersionNumber { get; set; }

    public WorkflowRunState State { get; set; } = WorkflowRunState.Running;
    public WorkflowTrigger Trigger { get; set; }

    /// <summary>The run's input values, checked against the version's declared inputs (defaults filled in).</summary>
    public IReadOnlyDictionary<string, string?> Inputs { get; set; } = new Dictionary<string, string?>();

    /// <summary>The index in the definition's steps of the step running now, or that failed; null before the first and after the last.</summary>
    public int? CurrentStepIndex { get; set; }

    /// <summary>Pause asked for: the run pauses when its current step ends.</summary>
    public bool PauseRequested { get; set; }

    /// <summary>When the engine must look at this run again (a wait's end, a timeout, a retry's backoff); null: when something it waits for happens.</summary>
    public DateTime? NextWakeAt { get; set; }

    /// <summary>Why it failed or was cancelled.</summary>
    public string? Error { get; set; }

    /// <summary>Who started it (user or API key name as the audit trail writes it; <c>schedule</c> for a scheduled fire).</summary>
    public required string StartedBy { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? FinishedAt { get; set; }

    public int Version { get; set; }

    public static bool IsOpen(WorkflowRunState state) => state is WorkflowRunState.Running or WorkflowRunState.Paused;
}
