using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Tasks;

namespace RpaWorkbench.Core.Executions;

/// <summary>One finished run of an app on a robot.</summary>
public class ExecutionLog
{
    public long Id { get; set; }

    /// <summary>Caller-supplied run id (<c>execution_id</c>), when sent.</summary>
    public string? ExecutionId { get; set; }

    /// <summary>Identifies the run for idempotency (see <c>ExecutionCallback.DedupKey</c>); unique.</summary>
    public string? DedupKey { get; set; }

    public string? Text { get; set; }
    public required string AppName { get; set; }
    public required string ShadowBotAccount { get; set; }
    public string? HostIp { get; set; }
    public ExecutionStatus Status { get; set; }
    public DateTime StartTime { get; set; }
    public DateTime EndTime { get; set; }
    public double DurationSeconds { get; set; }
    public int TotalItems { get; set; }
    public int SuccessItems { get; set; }
    public int FailedItems { get; set; }
    public bool LogInfo { get; set; }
    public bool Screenshot { get; set; }
    public string? ScreenshotUrl { get; set; }
    public string? LogUrl { get; set; }
    public string? LogContent { get; set; }
    public string? ErrorMessage { get; set; }

    /// <summary>The run's output parameters as a JSON array of <c>{name, value, type}</c> (ShadowBot's <c>result</c>), when reported.</summary>
    public string? Outputs { get; set; }

    /// <summary>The ShadowBot job that was this run (its jobUuid), when it ran through the ShadowBot OpenAPI.</summary>
    public string? ShadowBotJobUuid { get; set; }

    public long? TaskId { get; set; }
    public RobotTask? Task { get; set; }
    public long? AccountId { get; set; }
    public Account? Account { get; set; }
    public DateTime CreatedAt { get; set; }
}
