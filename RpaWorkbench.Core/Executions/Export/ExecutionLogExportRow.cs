namespace RpaWorkbench.Core.Executions.Export;

/// <summary>One execution log as exports write it: every field but the log text itself (times UTC); outputs as stored JSON.</summary>
public sealed record ExecutionLogExportRow(
    long Id,
    string? ExecutionId,
    string ShadowBotAccount,
    string AppName,
    ExecutionStatus Status,
    DateTime StartTimeUtc,
    DateTime EndTimeUtc,
    double DurationSeconds,
    int TotalItems,
    int SuccessItems,
    int FailedItems,
    string? HostIp,
    string? Text,
    string? ErrorMessage,
    string? ScreenshotUrl,
    string? LogUrl,
    long? TaskId,
    string? Outputs);
