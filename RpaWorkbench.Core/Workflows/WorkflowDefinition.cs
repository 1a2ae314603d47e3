using System.Text.Json.Serialization;
using RpaWorkbench.Core.Tasks;

namespace RpaWorkbench.Core.Workflows;

/// <summary>
/// What a workflow does: the inputs a run is given (declared as task parameters are) and its steps in order. Later
/// steps read the inputs and earlier steps' outputs through Liquid templates (<see cref="WorkflowTemplates"/>):
/// <c>{{ inputs.order_id }}</c>, <c>{{ steps.fetch.outputs.total }}</c>.
/// </summary>
public sealed record WorkflowDefinition
{
    public const int MaxSteps = 50;

    public IReadOnlyList<TaskParameter> Inputs { get; init; } = [];
    public IReadOnlyList<WorkflowStep> Steps { get; init; } = [];

    public bool Equals(WorkflowDefinition? other) =>
        other is not null && Inputs.SequenceEqual(other.Inputs) && Steps.SequenceEqual(other.Steps);

    public override int GetHashCode() => HashCode.Combine(Inputs.Count, Steps.Count);
}

/// <summary>One step: its unique name (the templates' <c>steps.&lt;name&gt;</c>), its kind with that kind's settings, and what happens when it fails.</summary>
public sealed record WorkflowStep(string Name, WorkflowStepKind Kind)
{
    public const int MaxNameLength = 64;
    public const int MaxTitleLength = 128;
    public const int MaxAttempts = 10;

    /// <summary>The name to show; <see cref="Name"/> when null.</summary>
    public string? Title { get; init; }

    /// <summary>An attempt still running this long after it started fails as timed out; null: the kind's own limit (the task's run timeout, the HTTP timeout; none for waits and approvals without a deadline).</summary>
    public int? TimeoutSeconds { get; init; }

    /// <summary>How many times the step is tried in all (1: no retry), and the wait before the next try (doubled each time).</summary>
    public int Attempts { get; init; } = 1;
    public int BackoffSeconds { get; init; } = 30;

    public WorkflowFailureAction OnFailure { get; init; } = WorkflowFailureAction.Stop;

    /// <summary>The step to go on with when <see cref="OnFailure"/> is <see cref="WorkflowFailureAction.GoTo"/>.</summary>
    public string? GoTo { get; init; }

    /// <summary>Robot run and Dify workflow steps: the task and its parameters' values (templates).</summary>
    public WorkflowTaskStep? Task { get; init; }

    public WorkflowHttpStep? Http { get; init; }
    public WorkflowWaitStep? Wait { get; init; }
    public WorkflowApprovalStep? Approval { get; init; }

    /// <summary>The name to show.</summary>
    [JsonIgnore]
    public string DisplayName => string.IsNullOrWhiteSpace(Title) ? Name : Title;
}

[JsonConverter(typeof(JsonStringEnumConverter<WorkflowStepKind>))]
public enum WorkflowStepKind
{
    /// <summary>A run of a robot task on its account or group, through the dispatch queue; outputs are the robot's <c>outputs</c>.</summary>
    [JsonStringEnumMemberName("robot_run")]
    RobotRun,

    /// <summary>An HTTP request through the SSRF-safe fetcher; outputs <c>status</c>, <c>body</c>, <c>json</c>.</summary>
    [JsonStringEnumMemberName("http")]
    Http,

    /// <summary>A run of a task that calls a Dify workflow; outputs are Dify's <c>outputs</c>.</summary>
    [JsonStringEnumMemberName("dify")]
    Dify,

    /// <summary>A pause of a duration, or until a time in the operators' time zone.</summary>
    [JsonStringEnumMemberName("wait")]
    Wait,

    /// <summary>An operator approves or rejects, with a comment; outputs <c>approved</c>, <c>decided_by</c>, <c>comment</c>.</summary>
    [JsonStringEnumMemberName("approval")]
    Approval,
}

[JsonConverter(typeof(JsonStringEnumConverter<WorkflowFailureAction>))]
public enum WorkflowFailureAction
{
    /// <summary>The run fails (it can be restarted from this step).</summary>
    [JsonStringEnumMemberName("stop")]
    Stop,

    /// <summary>The next step runs as if this one had succeeded (its outputs are empty).</summary>
    [JsonStringEnumMemberName("continue")]
    Continue,

    /// <summary>The step named by <see cref="WorkflowStep.GoTo"/> runs next.</summary>
    [JsonStringEnumMemberName("go_to")]
    GoTo,
}

/// <summary>The task a robot run or Dify step runs, and a template per declared parameter (names as the task declares them).</summary>
public sealed record WorkflowTaskStep(long TaskId)
{
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    public bool Equals(WorkflowTaskStep? other) =>
        other is not null && TaskId == other.TaskId && Parameters.Count == other.Parameters.Count
        && Parameters.All(p => other.Parameters.TryGetValue(p.Key, out var value) && value == p.Value);

    public override int GetHashCode() => HashCode.Combine(TaskId, Parameters.Count);
}

/// <summary>
/// An HTTP request: URL, headers and body are templates (a secret is referenced as <c>{{ secrets.name }}</c>, never
/// written inline); it succeeds when the status is one of <see cref="SuccessStatuses"/> and, when set,
/// <see cref="SuccessCondition"/> (a Liquid condition over <c>response.status</c> and <c>response.json</c>) holds.
/// </summary>
public sealed record WorkflowHttpStep(string Method, string Url)
{
    public const int MaxUrlLength = 2048;
    public const int MaxBodyLength = 100_000;

    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
    public string? Body { get; init; }

    /// <summary>Status codes and ranges that count as success, e.g. <c>200-299</c> or <c>200,201,404</c>.</summary>
    public string SuccessStatuses { get; init; } = "200-299";

    /// <summary>e.g. <c>response.json.ok == true</c>; null: the status decides alone.</summary>
    public string? SuccessCondition { get; init; }

    public bool Equals(WorkflowHttpStep? other) =>
        other is not null && Method == other.Method && Url == other.Url && Body == other.Body
        && SuccessStatuses == other.SuccessStatuses && SuccessCondition == other.SuccessCondition
        && Headers.Count == other.Headers.Count
        && Headers.All(h => other.Headers.TryGetValue(h.Key, out var value) && value == h.Value);

    public override int GetHashCode() => HashCode.Combine(Method, Url, Body);
}

/// <summary>A wait of <see cref="Seconds"/>, or until <see cref="Until"/> (<c>HH:mm</c>: the next such time; or <c>yyyy-MM-dd HH:mm</c>) in the operators' time zone.</summary>
public sealed record WorkflowWaitStep
{
    public int? Seconds { get; init; }
    public string? Until { get; init; }
}

/// <summary>An approval: the message approvers see (a template), who may decide, and an optional deadline after which the step fails.</summary>
public sealed record WorkflowApprovalStep
{
    public const int MaxMessageLength = 2000;

    public string? Message { get; init; }

    public WorkflowApprover Approver { get; init; } = WorkflowApprover.Operator;

    public int? DeadlineSeconds { get; init; }
}

/// <summary>Who may decide an approval step (viewers and robot keys never may).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<WorkflowApprover>))]
public enum WorkflowApprover
{
    /// <summary>Operators and admins.</summary>
    [JsonStringEnumMemberName("operator")]
    Operator,

    /// <summary>Admins only.</summary>
    [JsonStringEnumMemberName("admin")]
    Admin,
}
