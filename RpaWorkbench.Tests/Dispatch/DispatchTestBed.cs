using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Live;
using RpaWorkbench.Core.Batches;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Dispatch;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Core.Webhooks;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Dispatch;

/// <summary>
/// The dispatcher's world for one test: a Core on a real SQLite file or PostgreSQL database with a fake clock (2026-11-25 08:00 UTC), one real
/// loopback robot agent every robot account points at (each start names its robot in <c>shadow_bot_account</c>), and
/// a listener that records what the dispatcher told it.
/// </summary>
public sealed class DispatchTestBed : IAsyncDisposable
{
    private DispatchTestBed(RecordingRobotAgent agent, CoreTestHost host, RecordingDispatchListener listener)
    {
        Agent = agent;
        Host = host;
        Listener = listener;
    }

    public RecordingRobotAgent Agent { get; }

    public CoreTestHost Host { get; }

    public RecordingDispatchListener Listener { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public DateTime Now => Host.Clock.GetUtcNow().UtcDateTime;

    public static async Task<DispatchTestBed> StartAsync(DatabaseProvider provider, params (string Key, string Value)[] settings)
    {
        var agent = await RecordingRobotAgent.StartAsync();
        var all = new Dictionary<string, string?>
        {
            // No retries and no backoff: the test clock is fake, and Polly may wait on it.
            ["Workbench:Robots:RetryDelay"] = "00:00:00",
            ["Workbench:Robots:MaxRetries"] = "0",
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        var listener = new RecordingDispatchListener();
        var host = await new CoreTestHost(provider, all, services => services.AddSingleton<IDispatchRunListener>(listener)).MigrateAsync();
        return new DispatchTestBed(agent, host, listener);
    }

    /// <summary>A registered robot on the test agent, online (heartbeat now) unless told otherwise.</summary>
    public async Task<long> AddRobotAsync(string name, DateTime? heartbeat = null, AccountStatus status = AccountStatus.Pending, DateTime? lastRunEnded = null)
    {
        await using var db = await Host.CreateDbContextAsync();
        var account = new Account
        {
            ShadowBotAccount = name, HostIp = "127.0.0.1", Port = Agent.Port, TaskControl = name, Status = status,
            LastHeartbeatAt = heartbeat ?? Now, EndTime = lastRunEnded, CreatedAt = Now.AddDays(-1), UpdatedAt = Now,
        };
        db.Accounts.Add(account);
        await db.SaveChangesAsync(Ct);
        return account.Id;
    }

    public Task<long> AddGroupAsync(string name, params long[] accountIds) => Host.AddRobotGroupAsync(name, accountIds);

    public async Task<long> AddTaskAsync(long accountId, long? groupId = null, TimeSpan? runTimeout = null, string name = "日报汇总")
    {
        await using var db = await Host.CreateDbContextAsync();
        var task = new RobotTask
        {
            TaskName = name, AppName = "财务日报", AccountId = accountId, GroupId = groupId, RunTimeout = runTimeout,
            CreatedAt = Now, UpdatedAt = Now,
        };
        db.Tasks.Add(task);
        await db.SaveChangesAsync(Ct);
        return task.Id;
    }

    public async Task<long> AddBatchAsync(long taskId, BatchState state = BatchState.Running, int? concurrency = null)
    {
        await using var db = await Host.CreateDbContextAsync();
        var batch = new Batch { Name = "三月对账", TaskId = taskId, State = state, Concurrency = concurrency, CreatedBy = "ops", CreatedAt = Now, UpdatedAt = Now };
        db.Batches.Add(batch);
        await db.SaveChangesAsync(Ct);
        return batch.Id;
    }

    /// <summary>A waiting run, as a batch or a group task's start queues it; the run id is <paramref name="runId"/>.</summary>
    public async Task<long> EnqueueAsync(string runId, long taskId, long? account = null, long? group = null, RunPriority priority = RunPriority.Normal,
        DateTime? enqueuedAt = null, DateTime? notBefore = null, DateTime? expiresAt = null, long? batchId = null)
    {
        await using var db = await Host.CreateDbContextAsync();
        var run = new DispatchRun
        {
            RunId = runId, TaskId = taskId, TargetAccountId = account, TargetGroupId = group, Priority = priority,
            EnqueuedAt = enqueuedAt ?? Now, NotBefore = notBefore, ExpiresAt = expiresAt, BatchId = batchId,
            Parameters = new Dictionary<string, string?> { ["region"] = "华东" },
        };
        db.DispatchRuns.Add(run);
        await db.SaveChangesAsync(Ct);
        return run.Id;
    }

    public Task<DispatchPass> PassAsync(CoreTestHost? host = null) => (host ?? Host).Get<Dispatcher>().PassAsync(Ct);

    public Task<DispatchRun> RunAsync(string runId) =>
        Host.ReadAsync(db => db.DispatchRuns.AsNoTracking().SingleAsync(r => r.RunId == runId, Ct));

    public Task<Account> RobotAsync(long id) => Host.ReadAsync(db => db.Accounts.AsNoTracking().SingleAsync(a => a.Id == id, Ct));

    /// <summary>The starts the agent received, in order: (run id, robot).</summary>
    public IReadOnlyList<(string RunId, string Robot)> Starts => [.. Agent.Requests.Where(r => r.Path == "/start").Select(r =>
    {
        using var body = JsonDocument.Parse(r.Body);
        return (body.RootElement.GetProperty("run_id").GetString()!, body.RootElement.GetProperty("shadow_bot_account").GetString()!);
    })];

    /// <summary>The robot reports the end of the run through the webhook ingest, as its callback would; returns the events the ingest would publish.</summary>
    public async Task<IReadOnlyList<WorkbenchEvent>> ReportAsync(string runId, ExecutionStatus status = ExecutionStatus.Completed, string? outputs = null, string? error = null)
    {
        var run = await RunAsync(runId);
        var robot = await RobotAsync(run.AccountId!.Value);
        var callback = new ExecutionCallback(new RobotIdentity(robot.ShadowBotAccount, null, null), "财务日报", status,
            run.StartedAt!.Value, Now, (Now - run.StartedAt.Value).TotalSeconds, 1, status == ExecutionStatus.Completed ? 1 : 0, 0,
            false, false, null, null, runId, run.TaskId, error, null, Outputs: outputs);
        return Host.Get<CallbackBatchWriter>().Write([callback]).Events;
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Agent.DisposeAsync();
    }
}

/// <summary>Records, in order, what the dispatcher told it and the run's state at that moment.</summary>
public sealed class RecordingDispatchListener : IDispatchRunListener
{
    public ConcurrentQueue<Told> Calls { get; } = new();

    public Task StartedAsync(WorkbenchDbContext db, DispatchRun run, CancellationToken cancellationToken)
    {
        Calls.Enqueue(new Told("started", run.RunId, run.State, run.Outcome, null, run.AccountId));
        return Task.CompletedTask;
    }

    public Task EndedAsync(WorkbenchDbContext db, DispatchRun run, string? outputs, CancellationToken cancellationToken)
    {
        Calls.Enqueue(new Told("ended", run.RunId, run.State, run.Outcome, outputs, run.AccountId));
        return Task.CompletedTask;
    }

    public sealed record Told(string What, string RunId, DispatchRunState State, ExecutionStatus? Outcome, string? Outputs, long? AccountId);
}
