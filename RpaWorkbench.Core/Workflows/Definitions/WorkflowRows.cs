using System.Text.Json.Serialization;
using RpaWorkbench.Core.Tasks;

namespace RpaWorkbench.Core.Workflows.Definitions;

/// <summary>
/// What an operator or program saves: the workflow's name, description and schedule, and its definition.
/// <see cref="Version"/> is the <see cref="Workflow.Version"/> they edited (null: no check).
/// </summary>
public sealed record WorkflowInput(string? Name, string? Description, string? Schedule, WorkflowDefinition? Definition, int? Version = null);

/// <summary>A page of the workflows list: search over the name, sorted by name, zero-based page.</summary>
public sealed record WorkflowQuery
{
    public const int MaxPageSize = 500;

    public string? Search { get; init; }
    public int Page { get; init; }
    public int PageSize { get; init; } = 25;
}

/// <summary>One row of the workflows list: the newest version, its step count, and how its runs stand.</summary>
public sealed record WorkflowRow(
    long Id,
    string Name,
    string? Description,
    int LatestVersion,
    int StepCount,
    string? Schedule,
    WorkflowRunState? LastRunState,
    DateTime? LastRunAt,
    int OpenRuns,
    DateTime UpdatedAt,
    int Version);

/// <summary>
/// A workflow with one of its definitions (<see cref="DefinitionVersion"/>: the newest unless another was asked for),
/// flat as REST sends it: its inputs and steps beside its name, so an answer can be edited and sent back.
/// </summary>
public sealed record WorkflowDetail(
    long Id,
    string Name,
    string? Description,
    string? Schedule,
    int LatestVersion,
    int DefinitionVersion,
    IReadOnlyList<TaskParameter> Inputs,
    IReadOnlyList<WorkflowStep> Steps,
    string CreatedBy,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    int Version)
{
    [JsonIgnore]
    public WorkflowDefinition Definition => new() { Inputs = Inputs, Steps = Steps };
}

/// <summary>One saved version of a definition, for the versions list.</summary>
public sealed record WorkflowVersionRow(int Number, int StepCount, string CreatedBy, DateTime CreatedAt);

/// <summary>What the rules and the editor know of a task a step may run: whether it calls Dify, and the parameters it declares.</summary>
public sealed record WorkflowStepTask(long Id, string Name, bool IsDify, IReadOnlyList<TaskParameter> Parameters);
