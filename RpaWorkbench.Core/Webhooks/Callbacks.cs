using System.Security.Cryptography;
using System.Text;
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

/// <summary><c>/webhook/execution-complete</c>: a run finished.</summary>
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
    string? LogContent) : Callback(Robot)
{
    /// <summary>
    /// Identifies the run for idempotency: the caller's <c>execution_id</c> when sent, otherwise account + app +
    /// start + end. 32 characters so the unique index stays small. A run without an id is keyed by its start time
    /// followed by a hash of the rest, so new keys land at the end of the index (runs arrive roughly in time order)
    /// instead of on a random page: one page write per batch rather than one per run.
    /// </summary>
    public string DedupKey { get; } = ExecutionId is not null
        ? "id" + Hash("id\n" + ExecutionId, 15)
        : $"{StartUtc:yyyyMMddHHmmss}" + Hash($"run\n{Robot.Account}\n{AppName}\n{StartUtc:O}\n{EndUtc:O}", 9);

    private static string Hash(string text, int bytes) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)), 0, bytes);
}

/// <summary>What the Workbench answers a stored (or already stored) callback with.</summary>
public sealed record CallbackReceipt(long? Id, bool Duplicate = false);
