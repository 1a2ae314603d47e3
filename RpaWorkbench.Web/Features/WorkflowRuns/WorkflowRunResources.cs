using System.ComponentModel;
using System.Text.Json;
using RpaWorkbench.Core.Workflows;
using RpaWorkbench.Core.Workflows.Runs;
using RpaWorkbench.Web.Infrastructure.Api;

namespace RpaWorkbench.Web.Features.WorkflowRuns;

/// <summary>A run in a REST list.</summary>
public sealed record WorkflowRunRowResource(
    long Id, long WorkflowId, string WorkflowName, int Version,
    [property: Description("running, pausing (a pause asked for, taken when the current step ends), paused, succeeded, failed or cancelled.")] WorkflowRunStatus State,
    WorkflowTrigger Trigger, string StartedBy, DateTime CreatedAt, DateTime? FinishedAt, int? CurrentStepIndex, string? CurrentStep,
    [property: Description("0-100, weighted by each step's median duration in earlier runs.")] int Progress,
    [property: Description("When the run should end (UTC); null when not running or no step has history. An approval's time never counts.")] DateTime? Eta)
{
    public static WorkflowRunRowResource Of(WorkflowRunRow r) => new(r.Id, r.WorkflowId, r.WorkflowName, r.VersionNumber, r.Status, r.Trigger,
        r.StartedBy, r.CreatedAt, r.FinishedAt, r.CurrentStepIndex, r.CurrentStep, r.Progress, r.Eta);
}

/// <summary>A run with its inputs, its version's definition, every step's attempts and the approval it awaits.</summary>
public sealed record WorkflowRunResource(
    long Id, long WorkflowId, string WorkflowName, int Version, WorkflowRunStatus State, WorkflowTrigger Trigger, string StartedBy,
    DateTime CreatedAt, DateTime UpdatedAt, DateTime? FinishedAt, int? CurrentStepIndex, string? CurrentStep, int Progress, DateTime? Eta,
    string? Error, IReadOnlyDictionary<string, string?> Inputs,
    [property: Description("The definition the run started with, as GET /api/v1/workflows/{id} shows definitions.")] JsonElement Definition,
    IReadOnlyList<WorkflowRunStepResource> Steps, WorkflowWaitingApproval? WaitingApproval)
{
    public static WorkflowRunResource Of(WorkflowRunDetail d) => new(d.Run.Id, d.Run.WorkflowId, d.Run.WorkflowName, d.Run.VersionNumber,
        d.Run.Status, d.Run.Trigger, d.Run.StartedBy, d.Run.CreatedAt, d.UpdatedAt, d.Run.FinishedAt, d.Run.CurrentStepIndex, d.Run.CurrentStep,
        d.Run.Progress, d.Run.Eta, d.Error, d.Inputs, JsonSerializer.SerializeToElement(d.Definition, WorkflowDefinitionJson.Options),
        [.. d.Steps.Select(WorkflowRunStepResource.Of)], d.WaitingApproval);
}

/// <summary>A step of the definition with its attempts in this run (none yet: state null).</summary>
public sealed record WorkflowRunStepResource(int Index, string Name, string Title, WorkflowStepKind Kind, WorkflowStepState? State,
    IReadOnlyList<WorkflowStepAttemptResource> Attempts)
{
    public static WorkflowRunStepResource Of(WorkflowTimelineStep s) =>
        new(s.Index, s.Name, s.DisplayName, s.Kind, s.State, [.. s.Attempts.Select(WorkflowStepAttemptResource.Of)]);
}

/// <summary>One try of a step: its rendered inputs and outputs as JSON.</summary>
public sealed record WorkflowStepAttemptResource(
    long Id, int Attempt, WorkflowStepState State, DateTime CreatedAt, DateTime? StartedAt, DateTime? EndedAt, double? DurationSeconds,
    DateTime? DueAt, JsonElement? Inputs, JsonElement? Outputs, string? Error, string? DecidedBy, string? Comment, long? DispatchRunId)
{
    public static WorkflowStepAttemptResource Of(WorkflowStepAttempt a) => new(a.Id, a.Attempt, a.State, a.CreatedAt, a.StartedAt, a.EndedAt,
        a.DurationSeconds, a.DueAt, StoredJson.Element(a.Inputs), StoredJson.Element(a.Outputs), a.Error, a.DecidedBy, a.Comment, a.DispatchRunId);
}

/// <summary>The body of POST /api/v1/workflows/{id}/runs and of restart: values of the workflow's declared inputs by name.</summary>
public sealed record WorkflowInputsRequest
{
    [Description("Input name → value: text, or a number or true/false; left out or null takes the input's default.")]
    public Dictionary<string, JsonElement>? Inputs { get; init; }
}

/// <summary>The body of approve and reject.</summary>
public sealed record WorkflowDecisionRequest
{
    [Description("Why, at most 1000 characters; kept with the step and in its outputs.")]
    public string? Comment { get; init; }
}
