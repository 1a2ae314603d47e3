using System.Text.Json;
using System.Text.Json.Serialization;
using RpaWorkbench.Core.Robots.ShadowBot;
using RpaWorkbench.Core.Tasks;

namespace RpaWorkbench.Core.Robots;

/// <summary>
/// Sent to a robot agent to start a run. <see cref="RunId"/> is the idempotency key: an agent that sees a run id
/// again must not launch twice, and the robot sends it back as <c>execution_id</c> in its callbacks.
/// </summary>
public sealed record RobotStartRequest(
    [property: JsonPropertyName("run_id")] string RunId,
    [property: JsonPropertyName("task_id")] long TaskId,
    [property: JsonPropertyName("task_name")] string TaskName,
    [property: JsonPropertyName("app_name")] string AppName,
    [property: JsonPropertyName("shadow_bot_account")] string ShadowBotAccount,
    [property: JsonPropertyName("config_json")] JsonElement? Config,
    [property: JsonPropertyName("config_file_url")] Uri? ConfigFileUrl)
{
    /// <summary>The run's checked values of the task's declared parameters, name → value as text (<see cref="ParameterValues"/>).</summary>
    [JsonPropertyName("parameters")]
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>The task's declared parameters, so a ShadowBot job types each value (ShadowBot mode only).</summary>
    [JsonIgnore]
    public IReadOnlyList<TaskParameter> DeclaredParameters { get; init; } = [];

    /// <summary>How a ShadowBot job is started (ShadowBot mode only; agents never see it).</summary>
    [JsonIgnore]
    public ShadowBotTaskSettings? ShadowBot { get; init; }

    /// <summary>The task's run timeout override (ShadowBot's <c>runTimeout</c>).</summary>
    [JsonIgnore]
    public TimeSpan? RunTimeout { get; init; }

    /// <summary>Object-store key of the task's config file, for a ShadowBot <c>file</c> parameter.</summary>
    [JsonIgnore]
    public string? ConfigFileKey { get; init; }
}

/// <summary>Sent to a robot agent to stop a run.</summary>
public sealed record RobotStopRequest(
    [property: JsonPropertyName("run_id")] string RunId,
    [property: JsonPropertyName("task_id")] long TaskId,
    [property: JsonPropertyName("app_name")] string AppName,
    [property: JsonPropertyName("shadow_bot_account")] string ShadowBotAccount)
{
    /// <summary>The run's ShadowBot job (ShadowBot mode only).</summary>
    [JsonIgnore]
    public string? JobUuid { get; init; }
}

/// <summary>What became of a request to a robot agent.</summary>
public enum RobotAgentOutcome
{
    /// <summary>The agent answered 2xx.</summary>
    Accepted,

    /// <summary>The agent answered 409: the robot is running something else.</summary>
    Busy,

    /// <summary>The agent answered another 4xx: it understood and said no.</summary>
    Refused,

    /// <summary>No answer in time, a connection error, or 5xx after every retry.</summary>
    Unreachable,

    /// <summary>
    /// ShadowBot refused the start only for its rate limit (429 after the client's own back-off): nothing was started,
    /// and the same start (the same run id as idempotentUuid) may safely be asked again later.
    /// </summary>
    RateLimited,
}

/// <summary>
/// The outcome, and for anything but <see cref="RobotAgentOutcome.Accepted"/> a message for the operator. A ShadowBot
/// start also names its job, and whether the job waits in ShadowBot's queue for a robot.
/// </summary>
public sealed record RobotAgentResult(RobotAgentOutcome Outcome, string? Message = null)
{
    public string? JobUuid { get; init; }

    public bool Queued { get; init; }

    public static readonly RobotAgentResult Accepted = new(RobotAgentOutcome.Accepted);

    public bool IsAccepted => Outcome == RobotAgentOutcome.Accepted;
}
