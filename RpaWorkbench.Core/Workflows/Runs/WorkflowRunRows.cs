using System.Text.Json.Serialization;

namespace RpaWorkbench.Core.Workflows.Runs;

/// <summary>A run's state as lists show it: a running run whose pause was asked for is <c>pausing</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<WorkflowRunStatus>))]
public enum WorkflowRunStatus
{
    [JsonStringEnumMemberName("running")] Running,
    [JsonStringEnumMemberName("pausing")] Pausing,
    [JsonStringEnumMemberName("paused")] Paused,
    [JsonStringEnumMemberName("succeeded")] Succeeded,
    [JsonStringEnumMemberName("failed")] Failed,
    [JsonStringEnumMemberName("cancelled")] Cancelled,
}

/// <summary>Which runs a list shows, newest first.</summary>
public sealed record WorkflowRunQuery
{
    public const int MaxPageSize = 200;

    public long? WorkflowId { get; init; }
    public WorkflowRunStatus? Status { get; init; }
    public WorkflowTrigger? Trigger { get; init; }

    /// <summary>Runs created at or after this instant (UTC).</summary>
    public DateTime? StartedFrom { get; init; }

    /// <summary>Runs created before this instant (UTC).</summary>
    public DateTime? StartedTo { get; init; }

    public int Page { get; init; }
    public int PageSize { get; init; } = 25;
}

/// <summary>A run in a list: what, which version, how far, who started it.</summary>
public sealed record WorkflowRunRow(
    long Id, long WorkflowId, string WorkflowName, int VersionNumber, WorkflowRunStatus Status, WorkflowTrigger Trigger, string StartedBy,
    DateTime CreatedAt, DateTime? FinishedAt, int? CurrentStepIndex, string? CurrentStep, int Progress, DateTime? Eta, int Version)
{
    public bool IsOpen => Status is WorkflowRunStatus.Running or WorkflowRunStatus.Pausing or WorkflowRunStatus.Paused;
}

/// <summary>A run with its definition, every step's attempts, and the approval it awaits if any.</summary>
public sealed record WorkflowRunDetail(
    WorkflowRunRow Run, IReadOnlyDictionary<string, string?> Inputs, string? Error, DateTime UpdatedAt, WorkflowDefinition Definition,
    IReadOnlyList<WorkflowTimelineStep> Steps, WorkflowWaitingApproval? WaitingApproval);

/// <summary>One step of the definition and its attempts in this run (oldest first; none when it has not run).</summary>
public sealed record WorkflowTimelineStep(int Index, string Name, string DisplayName, WorkflowStepKind Kind, IReadOnlyList<WorkflowStepAttempt> Attempts)
{
    /// <summary>The latest attempt's state; null when the step has not run.</summary>
    public WorkflowStepState? State => Attempts.Count == 0 ? null : Attempts[^1].State;
}

/// <summary>One try of a step: its rendered inputs, outputs (JSON objects), how it ended and who decided an approval.</summary>
public sealed record WorkflowStepAttempt(
    long Id, int Attempt, WorkflowStepState State, DateTime CreatedAt, DateTime? StartedAt, DateTime? EndedAt, double? DurationSeconds,
    DateTime? DueAt, string? Inputs, string? Outputs, string? Error, string? DecidedBy, string? Comment, long? DispatchRunId);

/// <summary>The approval a run waits for: which step, who may decide it, until when.</summary>
public sealed record WorkflowWaitingApproval(int StepIndex, string StepName, string DisplayName, WorkflowApprover Approver, string? Message, DateTime? DueAt);

/// <summary>A line of a run's log; <see cref="StepName"/> is null for the run's own lines.</summary>
public sealed record WorkflowLogEntry(long Id, DateTime At, WorkflowLogLevel Level, string? StepName, int? Attempt, string Message);

/// <summary>A workflow with its newest version's definition.</summary>
public sealed record WorkflowSummary(long Id, string Name, string? Description, string? Schedule, int LatestVersion, WorkflowDefinition Definition);
