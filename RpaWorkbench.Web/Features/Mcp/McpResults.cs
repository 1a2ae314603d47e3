using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Web.Features.Executions;

namespace RpaWorkbench.Web.Features.Mcp;

// What the tools return, serialised snake_case (McpSetup.Json) with UTC ISO-8601 times, as the webhooks and the event
// stream name the same fields. Task configuration (which may hold credentials) is never included.

/// <summary>Robot accounts matching the filters: <c>total</c> of them, the first <c>robots.Count</c> listed.</summary>
internal sealed record RobotList(int Total, IReadOnlyList<RobotItem> Robots);

internal sealed record RobotItem(
    long Id, string ShadowBotAccount, string HostIp, int Port, AccountStatus Status, bool Online, string? RecentApp,
    DateTime? EndTime, DateTime? LastHeartbeatAt, int TaskCount, bool Unregistered)
{
    public static RobotItem From(AccountRow a) => new(a.Id, a.ShadowBotAccount, a.HostIp, a.Port, a.Status, a.IsOnline, a.RecentApp,
        a.EndTime, a.LastHeartbeatAt, a.TaskCount, a.Unregistered);
}

/// <summary>Tasks matching the filters: <c>total</c> of them, the first <c>tasks.Count</c> listed.</summary>
internal sealed record TaskList(int Total, IReadOnlyList<TaskItem> Tasks);

/// <summary>A task and its run state; <c>last_run_id</c> is its latest run (for get_run).</summary>
internal sealed record TaskItem(
    long Id, string TaskName, long AccountId, string ShadowBotAccount, string AppName, RobotTaskStatus Status, string? ErrorMessage,
    DateTime? LastRunTime, long? LastRunId, ExecutionStatus? LastOutcome, DateTime? NextFireAt, string Schedule)
{
    public static TaskItem From(TaskRow t) => new(t.Id, t.TaskName, t.AccountId, t.ShadowBotAccount, t.AppName, t.Status, t.ErrorMessage,
        t.LastRunTime, t.LastLogId, t.LastOutcome, t.NextFireAt, t.Schedule);
}

/// <summary>
/// Runs matching the filters, newest first. <c>total</c> is counted up to 10,000; <c>total_is_lower_bound</c> says
/// there are more.
/// </summary>
internal sealed record RunList(int Total, bool TotalIsLowerBound, IReadOnlyList<RunItem> Runs);

/// <summary>One run as the logs list shows it (summary and error cut to 200 characters).</summary>
internal sealed record RunItem(
    long Id, string ShadowBotAccount, string AppName, ExecutionStatus Status, DateTime StartTime, DateTime EndTime, double DurationSeconds,
    int TotalItems, int SuccessItems, int FailedItems, string? Text, string? ErrorMessage, string? HostIp, bool HasScreenshot, bool HasLog)
{
    public static RunItem From(ExecutionLogRow l) => new(l.Id, l.ShadowBotAccount, l.AppName, l.Status, l.StartTime, l.EndTime, l.DurationSeconds,
        l.TotalItems, l.SuccessItems, l.FailedItems, l.Text, l.ErrorMessage, l.HostIp, l.HasScreenshot, l.HasLog);
}

/// <summary>
/// Every field of one run, with links: its page, and its screenshot and log through the Workbench's resource proxy
/// (which accepts the same API key). <c>log_content</c> is cut to <see cref="RunTools.MaxLogContent"/> characters;
/// <c>outputs</c> are the run's output parameters (empty when none were reported).
/// </summary>
internal sealed record RunDetail(
    long Id, string? ExecutionId, long? TaskId, string? TaskName, long? AccountId, string ShadowBotAccount, string? HostIp, string AppName,
    ExecutionStatus Status, DateTime StartTime, DateTime EndTime, double DurationSeconds, int TotalItems, int SuccessItems, int FailedItems,
    string? Text, string? ErrorMessage, string? LogContent, bool LogContentTruncated, string DetailUrl, string? ScreenshotUrl, string? LogUrl,
    IReadOnlyList<LogOutput> Outputs, string? ShadowBotJobUuid);

/// <summary>The window summarised (UTC) and its top failure reasons; see <see cref="FailureSummary"/>.</summary>
internal sealed record FailureSummaryResult(
    DateTime From, DateTime To, string? Account, string? App, int FailuresCounted, bool Truncated, IReadOnlyList<FailureReason> Reasons);
