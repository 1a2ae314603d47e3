using System.Security.Cryptography;
using System.Text;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Robots.ShadowBot;
using RpaWorkbench.Core.Time;

namespace RpaWorkbench.Core.Tasks;

/// <summary>Builds <see cref="TaskRow"/>s: the query part runs in SQLite, the schedule part in memory for one page.</summary>
internal static class TaskRows
{
    /// <summary>A task as read for a row, before the schedule is worked out.</summary>
    internal sealed record Stored(
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
        ShadowBotTaskSettings? ShadowBot,
        IReadOnlyList<TaskParameter> Parameters,
        long? GroupId,
        string? GroupName,
        DateTime? ScheduledThrough,
        DateTime CreatedAt,
        DateTime UpdatedAt);

    /// <summary>
    /// The row fields, with the task's latest log looked up by account and start time: logs have no task-id index
    /// (ingest pays for every index), but the (account, start time) one finds a robot's newest runs directly.
    /// </summary>
    public static IQueryable<Stored> Project(IQueryable<RobotTask> tasks, IQueryable<ExecutionLog> logs) =>
        tasks.Select(t => new Stored(
            t.Id, t.TaskName, t.AccountId, t.Account!.ShadowBotAccount, t.Account.TaskControl, t.AppName, t.Status,
            t.LastRunTime, t.ErrorMessage,
            logs.Where(l => l.ShadowBotAccount == t.Account!.ShadowBotAccount && l.TaskId == t.Id)
                .OrderByDescending(l => l.StartTime).ThenByDescending(l => l.Id).Select(l => (long?)l.Id).FirstOrDefault(),
            logs.Where(l => l.ShadowBotAccount == t.Account!.ShadowBotAccount && l.TaskId == t.Id)
                .OrderByDescending(l => l.StartTime).ThenByDescending(l => l.Id).Select(l => (ExecutionStatus?)l.Status).FirstOrDefault(),
            t.ConfigJson, t.ConfigFileKey, t.TriggerTime, t.CronExpression, t.RunTimeout, t.ShadowBot, t.Parameters, t.GroupId, t.Group!.Name, t.ScheduledThrough, t.CreatedAt, t.UpdatedAt));

    public static TaskRow ToRow(Stored t, DateTime now, OperatorTime time) => new(
        t.Id, t.TaskName, t.AccountId, t.ShadowBotAccount, t.TaskControl, t.AppName, t.Status, t.LastRunTime, t.ErrorMessage,
        t.LastLogId, t.LastOutcome, t.ConfigJson, t.ConfigFileKey, t.TriggerTime, t.CronExpression, t.RunTimeout,
        NextFire(t, now, time.Zone), ScheduleText(t.TriggerTime, t.CronExpression, time), t.CreatedAt, t.UpdatedAt,
        Version(t.TaskName, t.AccountId, t.AppName, t.ConfigJson, t.ConfigFileKey, t.TriggerTime, t.CronExpression, t.RunTimeout, t.ShadowBot, t.Parameters, t.GroupId))
    {
        GroupId = t.GroupId,
        GroupName = t.GroupName,
        ShadowBot = t.ShadowBot,
        Parameters = new TaskParameterList(t.Parameters),
    };

    public static string Version(RobotTask t) =>
        Version(t.TaskName, t.AccountId, t.AppName, t.ConfigJson, t.ConfigFileKey, t.TriggerTime, t.CronExpression, t.RunTimeout, t.ShadowBot, t.Parameters, t.GroupId);

    public static IQueryable<RobotTask> Sort(IQueryable<RobotTask> tasks, TaskSort sortBy, bool descending)
    {
        var sorted = sortBy switch
        {
            TaskSort.Account => tasks.SortBy(t => t.Account!.ShadowBotAccount, descending),
            TaskSort.AppName => tasks.SortBy(t => t.AppName, descending),
            TaskSort.Status => tasks.SortBy(t => t.Status, descending),
            TaskSort.LastRun => tasks.SortBy(t => t.LastRunTime, descending),
            TaskSort.Created => tasks.SortBy(t => t.CreatedAt, descending),
            _ => tasks.SortBy(t => t.TaskName, descending),
        };
        return descending ? sorted.ThenByDescending(t => t.Id) : sorted.ThenBy(t => t.Id);
    }

    // The earliest fire still to come: a one-shot trigger the scheduler has not handled yet, or the next cron time.
    private static DateTime? NextFire(Stored t, DateTime now, TimeZoneInfo zone)
    {
        var handledThrough = t.ScheduledThrough ?? DateTime.MinValue;
        DateTime? once = t.TriggerTime is { } trigger && trigger > handledThrough ? trigger : null;
        var from = handledThrough > now ? handledThrough : now;
        DateTime? cron = TaskSchedule.NextOccurrences(t.CronExpression, from, zone, 1) is [var next] ? next : null;
        return (once, cron) switch
        {
            ({ } a, { } b) => a < b ? a : b,
            _ => once ?? cron,
        };
    }

    private static string ScheduleText(DateTime? trigger, string? cron, OperatorTime time) =>
        string.Join(" · ", new[] { trigger is null ? null : time.Format(trigger), cron }.Where(p => !string.IsNullOrEmpty(p)));

    // A digest of the values the edit dialog changes; a run starting or ending does not make an open dialog stale.
    private static string Version(
        string name, long accountId, string app, string? json, string? fileKey, DateTime? trigger, string? cron, TimeSpan? timeout, ShadowBotTaskSettings? shadowBot,
        IReadOnlyList<TaskParameter> parameters, long? groupId)
    {
        // The record's text lists every setting; a task without them digests as before they existed.
        var text = string.Join('\u001f', name, accountId.ToString(CultureInfo.InvariantCulture), app, json, fileKey,
            trigger?.Ticks.ToString(CultureInfo.InvariantCulture), cron, timeout?.Ticks.ToString(CultureInfo.InvariantCulture))
            + (shadowBot is null ? "" : "\u001f" + shadowBot)
            + (TaskParameterColumn.Text(parameters) is { } declared ? "\u001f" + declared : "")
            + (groupId is { } group ? "\u001fgroup " + group.ToString(CultureInfo.InvariantCulture) : "");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }
}
