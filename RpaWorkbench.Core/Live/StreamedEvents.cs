using System.Text.Json;
using System.Text.Json.Serialization;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Tasks;

namespace RpaWorkbench.Core.Live;

/// <summary>
/// One event as the public event stream sends it: its SSE type (the seed's <c>account_updated</c>, <c>task_updated</c>,
/// <c>log_created</c>), the account it concerns (for the stream's account filter) and its snake_case JSON data.
/// </summary>
public sealed record StreamedEvent(string Type, long? AccountId, string? AccountName, string Data);

/// <summary>
/// Turns a batch of live events, which carry only ids, into what a script needs: the rows as they are after the change,
/// read once per batch (one query per kind), however many stream clients then receive them. A row deleted meanwhile is
/// sent as its id with <c>"deleted": true</c>. Sessions ending are no business of scripts and are left out.
/// </summary>
public sealed class StreamedEvents(IDbContextFactory<WorkbenchDbContext> contexts)
{
    public const string AccountType = "account_updated";
    public const string TaskType = "task_updated";
    public const string LogType = "log_created";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>The stream's events for <paramref name="events"/>, in their order.</summary>
    public async Task<IReadOnlyList<StreamedEvent>> ReadAsync(IReadOnlyList<WorkbenchEvent> events, CancellationToken cancellationToken)
    {
        var accountIds = events.OfType<AccountChanged>().Select(e => e.AccountId).ToHashSet();
        var taskIds = events.OfType<TaskChanged>().Select(e => e.TaskId).ToHashSet();
        var logIds = events.OfType<LogCreated>().Select(e => e.LogId).ToHashSet();
        if (accountIds.Count + taskIds.Count + logIds.Count == 0)
        {
            return [];
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var accounts = await db.Accounts.AsNoTracking().Where(a => accountIds.Contains(a.Id))
            .Select(a => new AccountData(a.Id, a.ShadowBotAccount, a.Status, a.RecentApp, a.LastHeartbeatAt, a.EndTime, a.Unregistered, a.UpdatedAt, false))
            .ToDictionaryAsync(a => a.AccountId, cancellationToken);
        var tasks = await db.Tasks.AsNoTracking().Where(t => taskIds.Contains(t.Id))
            .Select(t => new TaskData(t.Id, t.TaskName, t.AccountId, t.Account!.ShadowBotAccount, t.AppName, t.Status, t.LastRunTime, t.ErrorMessage, t.UpdatedAt, false))
            .ToDictionaryAsync(t => t.TaskId, cancellationToken);
        var logs = await db.ExecutionLogs.AsNoTracking().Where(l => logIds.Contains(l.Id))
            .Select(l => new LogData(l.Id, l.ExecutionId, l.ShadowBotAccount, l.AccountId, l.TaskId, l.AppName, l.Status, l.StartTime, l.EndTime,
                l.DurationSeconds, l.TotalItems, l.SuccessItems, l.FailedItems, l.ErrorMessage, l.ScreenshotUrl, l.LogUrl))
            .ToDictionaryAsync(l => l.LogId, cancellationToken);

        var streamed = new List<StreamedEvent>(events.Count);
        foreach (var change in events)
        {
            switch (change)
            {
                case AccountChanged { AccountId: var id }:
                    var account = accounts.GetValueOrDefault(id) ?? new AccountData(id, null, null, null, null, null, null, null, true);
                    streamed.Add(Event(AccountType, id, account.ShadowBotAccount, account.InUtc()));
                    break;
                case TaskChanged { TaskId: var id }:
                    var task = tasks.GetValueOrDefault(id) ?? new TaskData(id, null, null, null, null, null, null, null, null, true);
                    streamed.Add(Event(TaskType, task.AccountId, task.ShadowBotAccount, task.InUtc()));
                    break;
                case LogCreated created:
                    // Gone already (retention): what the event itself says is still worth sending.
                    var log = logs.GetValueOrDefault(created.LogId) ?? new LogData(created.LogId, null, created.ShadowBotAccount, null, null,
                        created.AppName, created.Status, null, null, null, null, null, null, null, null, null);
                    streamed.Add(Event(LogType, log.AccountId, log.ShadowBotAccount, log.InUtc()));
                    break;
            }
        }

        return streamed;
    }

    private static StreamedEvent Event<T>(string type, long? accountId, string? accountName, T data) =>
        new(type, accountId, accountName, JsonSerializer.Serialize(data, Json));

    // SQLite hands times back unspecified; every stored time is UTC, and the JSON must say so ("Z").
    private static DateTime? Utc(DateTime? value) => value is { } time ? DateTime.SpecifyKind(time, DateTimeKind.Utc) : null;

    private sealed record AccountData(
        long AccountId, string? ShadowBotAccount, AccountStatus? Status, string? RecentApp, DateTime? LastHeartbeatAt, DateTime? EndTime,
        bool? Unregistered, DateTime? UpdatedAt, bool Deleted)
    {
        public AccountData InUtc() => this with { LastHeartbeatAt = Utc(LastHeartbeatAt), EndTime = Utc(EndTime), UpdatedAt = Utc(UpdatedAt) };
    }

    private sealed record TaskData(
        long TaskId, string? TaskName, long? AccountId, string? ShadowBotAccount, string? AppName, RobotTaskStatus? Status,
        DateTime? LastRunTime, string? ErrorMessage, DateTime? UpdatedAt, bool Deleted)
    {
        public TaskData InUtc() => this with { LastRunTime = Utc(LastRunTime), UpdatedAt = Utc(UpdatedAt) };
    }

    private sealed record LogData(
        long LogId, string? ExecutionId, string ShadowBotAccount, long? AccountId, long? TaskId, string AppName, ExecutionStatus Status,
        DateTime? StartTime, DateTime? EndTime, double? DurationSeconds, int? TotalItems, int? SuccessItems, int? FailedItems,
        string? ErrorMessage, string? ScreenshotUrl, string? LogUrl)
    {
        public LogData InUtc() => this with { StartTime = Utc(StartTime), EndTime = Utc(EndTime) };
    }
}
