namespace RpaWorkbench.Core.Executions;

/// <summary>Columns the logs list can be sorted by (see <see cref="ExecutionLogService.ListAsync"/> for what each costs).</summary>
public enum ExecutionLogSort
{
    StartTime,
    EndTime,
    Duration,
    Account,
    App,
    Status,
}

/// <summary>One row of the logs list: no log text, summary and error cut to <see cref="ExecutionLogService.ListTextLength"/>.</summary>
public sealed record ExecutionLogRow(
    long Id,
    DateTime StartTime,
    DateTime EndTime,
    double DurationSeconds,
    string ShadowBotAccount,
    string AppName,
    ExecutionStatus Status,
    string? Text,
    int TotalItems,
    int SuccessItems,
    int FailedItems,
    string? ErrorMessage,
    string? HostIp,
    bool HasScreenshot,
    bool HasLog);

/// <summary>Every field of one run, with the name of the task it ran for.</summary>
public sealed record ExecutionLogDetail(
    long Id,
    string? ExecutionId,
    string? Text,
    string AppName,
    string ShadowBotAccount,
    string? HostIp,
    ExecutionStatus Status,
    DateTime StartTime,
    DateTime EndTime,
    double DurationSeconds,
    int TotalItems,
    int SuccessItems,
    int FailedItems,
    bool LogInfo,
    bool Screenshot,
    string? ScreenshotUrl,
    string? LogUrl,
    string? LogContent,
    string? ErrorMessage,
    long? TaskId,
    string? TaskName,
    long? AccountId,
    DateTime CreatedAt,
    string? Outputs,
    string? ShadowBotJobUuid);
