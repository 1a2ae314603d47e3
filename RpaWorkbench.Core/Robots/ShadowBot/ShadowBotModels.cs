using System.Text.Json.Serialization;

namespace RpaWorkbench.Core.Robots.ShadowBot;

/// <summary>Which robots of a group run the job: any one idle robot, or all of them.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ShadowBotExecuteScope>))]
public enum ShadowBotExecuteScope
{
    [JsonStringEnumMemberName("any")]
    Any,

    [JsonStringEnumMemberName("all")]
    All,
}

[JsonConverter(typeof(JsonStringEnumConverter<ShadowBotPriority>))]
public enum ShadowBotPriority
{
    [JsonStringEnumMemberName("high")]
    High,

    [JsonStringEnumMemberName("middle")]
    Middle,

    [JsonStringEnumMemberName("low")]
    Low,
}

/// <summary>One input parameter of a job: <see cref="Type"/> is <c>str</c>, <c>int</c>, <c>float</c>, <c>bool</c> or <c>file</c> (the value is then a fileKey).</summary>
public sealed record ShadowBotParam(string Name, string Value, string Type);

/// <summary>
/// A job/start request: the app (<see cref="RobotUuid"/>) and either one robot account or a robot group.
/// Without an <see cref="IdempotentUuid"/> the client makes one, so a retried start never runs the app twice.
/// </summary>
public sealed record ShadowBotJobStart(string RobotUuid)
{
    public string? AccountName { get; init; }

    public string? RobotClientGroupUuid { get; init; }

    /// <summary>Only with <see cref="RobotClientGroupUuid"/>.</summary>
    public ShadowBotExecuteScope? ExecuteScope { get; init; }

    public ShadowBotPriority? Priority { get; init; }

    /// <summary>How long the job may wait in the queue for a robot (60–950400 s; ShadowBot's default is 600).</summary>
    public int? WaitTimeoutSeconds { get; init; }

    /// <summary>How long the job may run (60–950400 s; needs robot client ≥ 5.10).</summary>
    public int? RunTimeout { get; init; }

    public IReadOnlyList<ShadowBotParam> Params { get; init; } = [];

    /// <summary>At most 36 characters; a repeat creates nothing new and answers <c>idempotentFlag:true</c>.</summary>
    public string? IdempotentUuid { get; init; }
}

/// <summary>The answer to job/start: <see cref="IdempotentFlag"/> is true when the id had been used and no new job was made.</summary>
public sealed record ShadowBotJobStarted(string JobUuid, bool IdempotentFlag, string IdempotentUuid);

public sealed record ShadowBotRobotParams(IReadOnlyList<ShadowBotParam>? Inputs, IReadOnlyList<ShadowBotParam>? Outputs);

/// <summary>
/// A job as job/query reports it. Times are ShadowBot's <c>yyyy-MM-dd HH:mm:ss</c> text, kept as sent: their zone is not documented.
/// </summary>
public sealed record ShadowBotJob(
    string JobUuid,
    string Status,
    string? StatusName,
    string? Remark,
    string? RobotClientUuid,
    string? RobotClientName,
    string? StartTime,
    string? EndTime,
    string? RobotUuid,
    string? RobotName,
    string? ScreenshotUrl,
    ShadowBotRobotParams? RobotParams)
{
    /// <summary>finish, stopped, error, skipped and cancel are final; created, waiting, running and stopping are not.</summary>
    public bool IsTerminal => ShadowBotJobStatuses.Outcome(Status) is not null;
}

/// <summary>A robot client; <see cref="Status"/> is connected, idle, allocated, running or offline.</summary>
public sealed record ShadowBotRobotClient(
    string RobotClientUuid,
    string RobotClientName,
    string Status,
    string? Description,
    string? WindowsUserName,
    string? ClientIp,
    string? MachineName);

public sealed record ShadowBotClientGroup(string RobotClientGroupUuid, string RobotClientGroupName);

/// <summary>One page of a list; <see cref="Total"/> and <see cref="Pages"/> are what ShadowBot reported (0 when it sent no page block).</summary>
public sealed record ShadowBotPage<T>(IReadOnlyList<T> Items, int Page, int Size, int Total, int Pages);

/// <summary>client/list's filters; <see cref="Key"/> searches names.</summary>
public sealed record ShadowBotClientQuery(int Page = 1, int Size = 20)
{
    public string? Status { get; init; }

    public string? Key { get; init; }

    public string? RobotClientGroupUuid { get; init; }
}
