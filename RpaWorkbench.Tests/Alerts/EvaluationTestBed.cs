using Microsoft.EntityFrameworkCore;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Alerts;
using RpaWorkbench.Core.Alerts.Channels;
using RpaWorkbench.Core.Alerts.Evaluation;
using RpaWorkbench.Core.Batches;
using RpaWorkbench.Core.Dispatch;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Alerts;

/// <summary>
/// The alert evaluator's world for one test: a Core on a real SQLite file with a fake clock (2026-11-25 08:00 UTC,
/// 16:00 in the default operators' zone Asia/Shanghai), rows written straight through the DbContext as the ingest,
/// dispatcher, batches and workflow engine leave them, and the evaluator's pass driven directly.
/// </summary>
public sealed class EvaluationTestBed : IAsyncDisposable
{
    private int _rules;

    private EvaluationTestBed(CoreTestHost host) => Host = host;

    public CoreTestHost Host { get; }

    public DateTime Now => Host.Clock.GetUtcNow().UtcDateTime;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<EvaluationTestBed> StartAsync() => new(await new CoreTestHost().MigrateAsync());

    public Task<AlertEvaluationPass> PassAsync(CoreTestHost? host = null) => (host ?? Host).Get<AlertEvaluator>().PassAsync(Ct);

    public void Advance(TimeSpan by) => Host.Clock.Advance(by);

    /// <summary>A robot with a heartbeat now, or none yet when it was never heard from.</summary>
    public async Task<long> AddRobotAsync(string name, bool heardFrom = true)
    {
        await using var db = await Host.CreateDbContextAsync();
        var account = new Account
        {
            ShadowBotAccount = name, HostIp = "10.0.0.8", Port = 8080, TaskControl = name, LastHeartbeatAt = heardFrom ? Now : null,
            CreatedAt = Now, UpdatedAt = Now,
        };
        db.Accounts.Add(account);
        await db.SaveChangesAsync(Ct);
        return account.Id;
    }

    public Task<long> AddGroupAsync(string name, params long[] accountIds) => Host.AddRobotGroupAsync(name, accountIds);

    public async Task<long> AddTaskAsync(long accountId, string name, string app)
    {
        await using var db = await Host.CreateDbContextAsync();
        var task = new RobotTask { TaskName = name, AppName = app, AccountId = accountId, CreatedAt = Now, UpdatedAt = Now };
        db.Tasks.Add(task);
        await db.SaveChangesAsync(Ct);
        return task.Id;
    }

    /// <summary>A stored run log that started a minute ago and ended now, as the ingest writes it.</summary>
    public async Task<long> AddLogAsync(ExecutionStatus status, string app, string robot, long? accountId = null, long? taskId = null, string? error = null)
    {
        await using var db = await Host.CreateDbContextAsync();
        var log = new ExecutionLog
        {
            AppName = app, ShadowBotAccount = robot, AccountId = accountId, TaskId = taskId, Status = status, ErrorMessage = error,
            StartTime = Now.AddMinutes(-1), EndTime = Now, CreatedAt = Now,
        };
        db.ExecutionLogs.Add(log);
        await db.SaveChangesAsync(Ct);
        return log.Id;
    }

    public async Task<long> AddChannelAsync(string name, string culture)
    {
        await using var db = await Host.CreateDbContextAsync();
        var channel = new AlertChannel { Name = name, Kind = AlertChannelKind.Webhook, Culture = culture, CreatedBy = "admin", CreatedAt = Now, UpdatedAt = Now };
        db.AlertChannels.Add(channel);
        await db.SaveChangesAsync(Ct);
        return channel.Id;
    }

    public async Task<long> AddRuleAsync(AlertRuleKind kind, params long[] channelIds) => await AddRuleAsync(kind, _ => { }, channelIds);

    public async Task<long> AddRuleAsync(AlertRuleKind kind, Action<AlertRule> configure, params long[] channelIds)
    {
        await using var db = await Host.CreateDbContextAsync();
        var rule = new AlertRule { Name = $"rule {++_rules} {kind}", Kind = kind, ChannelIds = channelIds, CreatedBy = "operator", CreatedAt = Now, UpdatedAt = Now };
        configure(rule);
        db.AlertRules.Add(rule);
        await db.SaveChangesAsync(Ct);
        return rule.Id;
    }

    public async Task ChangeRuleAsync(long ruleId, Action<AlertRule> change)
    {
        await using var db = await Host.CreateDbContextAsync();
        var rule = await db.AlertRules.SingleAsync(r => r.Id == ruleId, Ct);
        change(rule);
        rule.Version++;
        await db.SaveChangesAsync(Ct);
    }

    public async Task<long> AddBatchAsync(long taskId, string name, BatchState state, params BatchItemState[] items)
    {
        await using var db = await Host.CreateDbContextAsync();
        var batch = new Batch
        {
            Name = name, TaskId = taskId, State = state, ItemCount = items.Length, CreatedBy = "ops", CreatedAt = Now.AddHours(-1), UpdatedAt = Now,
            FinishedAt = state is BatchState.Completed or BatchState.Cancelled ? Now : null,
        };
        db.Batches.Add(batch);
        await db.SaveChangesAsync(Ct);
        var row = 0;
        foreach (var item in items)
        {
            row++;
            db.BatchItems.Add(new BatchItem { BatchId = batch.Id, RowNumber = row, RunKey = $"b{batch.Id}-{row}", State = item });
        }

        await db.SaveChangesAsync(Ct);
        return batch.Id;
    }

    public async Task<long> EnqueueAsync(long taskId, DateTime enqueuedAt, long? group = null)
    {
        await using var db = await Host.CreateDbContextAsync();
        var run = new DispatchRun { RunId = Guid.NewGuid().ToString("N"), TaskId = taskId, TargetGroupId = group, EnqueuedAt = enqueuedAt };
        if (group is null)
        {
            run.TargetAccountId = await db.Tasks.Where(t => t.Id == taskId).Select(t => t.AccountId).SingleAsync(Ct);
        }

        db.DispatchRuns.Add(run);
        await db.SaveChangesAsync(Ct);
        return run.Id;
    }

    public Task<List<Alert>> AlertsAsync() =>
        Host.ReadAsync(db => db.Alerts.AsNoTracking().OrderBy(a => a.Id).ToListAsync(Ct));

    public Task<List<AlertNotification>> NotificationsAsync() =>
        Host.ReadAsync(db => db.AlertNotifications.AsNoTracking().OrderBy(n => n.Id).ToListAsync(Ct));

    public Task<AlertRule> RuleAsync(long id) => Host.ReadAsync(db => db.AlertRules.AsNoTracking().SingleAsync(r => r.Id == id, Ct));

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
