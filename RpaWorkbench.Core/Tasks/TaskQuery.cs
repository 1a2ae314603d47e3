using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Robots.ShadowBot;

namespace RpaWorkbench.Core.Tasks;

/// <summary>Columns the tasks list can be sorted by.</summary>
public enum TaskSort
{
    TaskName,
    Account,
    AppName,
    Status,
    LastRun,
    Created,
}

/// <summary>A page of the tasks list: search over task, app and account names, a status filter, sort, zero-based page.</summary>
public sealed record TaskQuery
{
    public const int MaxPageSize = 500;

    public string? Search { get; init; }
    public RobotTaskStatus? Status { get; init; }
    public TaskSort SortBy { get; init; } = TaskSort.TaskName;
    public bool Descending { get; init; }
    public int Page { get; init; }
    public int PageSize { get; init; } = 25;
}

/// <summary>
/// One row of the tasks list. <see cref="LastLogId"/> and <see cref="LastOutcome"/> are the task's latest execution
/// log (what "Run again" repeats); <see cref="NextFireAt"/> is the next one-shot or cron fire (UTC);
/// <see cref="Schedule"/> is the schedule as text (trigger time in the operators' zone, cron expression).
/// <see cref="Version"/> identifies the edited values, so a stale edit is refused.
/// </summary>
public sealed record TaskRow(
    long Id,
    string TaskName,
    long AccountId,
    string ShadowBotAccount,
    string TaskControl,
    string AppName,
    RobotTaskStatus Status,
    DateTime? LastRunTime,
    string? ErrorMessage,
    long? LastLogId,
    ExecutionStatus? LastOutcome,
    string? ConfigJson,
    string? ConfigFileKey,
    DateTime? TriggerTime,
    string? CronExpression,
    TimeSpan? RunTimeout,
    DateTime? NextFireAt,
    string Schedule,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    string Version)
{
    /// <summary>The group whose idle robots take the task's runs (through the dispatch queue); null for the account.</summary>
    public long? GroupId { get; init; }

    public string? GroupName { get; init; }

    /// <summary>How runs start as ShadowBot jobs; null when the task has no ShadowBot settings.</summary>
    public ShadowBotTaskSettings? ShadowBot { get; init; }

    /// <summary>The parameters each run gives a value (or takes the default).</summary>
    public IReadOnlyList<TaskParameter> Parameters { get; init; } = [];

    /// <summary>Whether "Run again" makes sense now: the task is idle and its last run did not complete.</summary>
    public bool CanRunAgain => Status == RobotTaskStatus.Pending && LastLogId is not null && LastOutcome is { } outcome && TaskRunService.IsRepeatable(outcome);
}
