using System.Text.Json;
using System.Text.Json.Serialization;

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
    [property: JsonPropertyName("config_file_url")] Uri? ConfigFileUrl);

/// <summary>Sent to a robot agent to stop a run.</summary>
public sealed record RobotStopRequest(
    [property: JsonPropertyName("run_id")] string RunId,
    [property: JsonPropertyName("task_id")] long TaskId,
    [property: JsonPropertyName("app_name")] string AppName,
    [property: JsonPropertyName("shadow_bot_account")] string ShadowBotAccount);

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
}

/// <summary>The outcome, and for anything but <see cref="RobotAgentOutcome.Accepted"/> a message for the operator.</summary>
public sealed record RobotAgentResult(RobotAgentOutcome Outcome, string? Message = null)
{
    public static readonly RobotAgentResult Accepted = new(RobotAgentOutcome.Accepted);

    public bool IsAccepted => Outcome == RobotAgentOutcome.Accepted;
}
