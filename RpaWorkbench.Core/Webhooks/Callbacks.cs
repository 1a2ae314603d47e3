using RpaWorkbench.Core.Executions;

namespace RpaWorkbench.Core.Webhooks;

/// <summary>Which robot a callback comes from: the account, and host/port when the robot sent them.</summary>
public sealed record RobotIdentity(string Account, string? Host, int? Port);

/// <summary>A validated callback, ready for the ingest queue.</summary>
public abstract record Callback(RobotIdentity Robot);

/// <summary><c>/webhook/heartbeat</c>: the robot is alive.</summary>
public sealed record HeartbeatCallback(RobotIdentity Robot) : Callback(Robot);

/// <summary><c>/webhook/confirm</c>: the robot started running <see cref="AppName"/>.</summary>
public sealed record ConfirmCallback(RobotIdentity Robot, string AppName, long? TaskId, DateTime? StartUtc) : Callback(Robot);

/// <summary>
/// <c>/webhook/execution-complete</c> or a ShadowBot job callback: a run finished. <see cref="Outputs"/> is the output
/// parameters as <see cref="RunOutputs"/> text.
/// </summary>
public sealed record ExecutionCallback(
    RobotIdentity Robot,
    string AppName,
    ExecutionStatus Status,
    DateTime StartUtc,
    DateTime EndUtc,
    double DurationSeconds,
    int TotalItems,
    int SuccessItems,
    int FailedItems,
    bool LogInfo,
    bool Screenshot,
    string? ScreenshotUrl,
    string? LogUrl,
    string? ExecutionId,
    long? TaskId,
    string? ErrorMessage,
    string? LogContent,
    string? ShadowBotJobUuid = null,
    string? Outputs = null) : Callback(Robot)
{
    /// <summary>
    /// Identifies the run for idempotency (see <see cref="RunKeys"/>): a ShadowBot job by its jobUuid (ShadowBot
    /// retries a callback many times), else by execution_id, else by account, app and times.
    /// </summary>
    public string DedupKey { get; } = ShadowBotJobUuid is not null
        ? RunKeys.ForShadowBotJob(ShadowBotJobUuid)
        : ExecutionId is not null
            ? RunKeys.ForExecutionId(ExecutionId)
            : RunKeys.ForRun(Robot.Account, AppName, StartUtc, EndUtc);
}

/// <summary>What the Workbench answers a stored (or already stored) callback with.</summary>
public sealed record CallbackReceipt(long? Id, bool Duplicate = false);
