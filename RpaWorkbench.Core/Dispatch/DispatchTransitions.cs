using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore.Query;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Diagnostics;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Live;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Core.Time;

namespace RpaWorkbench.Core.Dispatch;

/// <summary>
/// Every move of a queued run, each in one transaction: a conditional update moves the run only from the state it was
/// read in, so when two dispatchers (or a dispatcher and an operator) act on the same run only one of them moves it;
/// every <see cref="IDispatchRunListener"/> is told in the same transaction; <see cref="QueueChanged"/> (and
/// <see cref="BatchChanged"/> for a batch's run) is published after the commit.
/// </summary>
public sealed class DispatchTransitions(
    IDbContextFactory<WorkbenchDbContext> contexts,
    IServiceScopeFactory scopes,
    IWorkbenchEvents events,
    OperatorTime operatorTime,
    WorkbenchMetrics metrics,
    TimeProvider clock)
{
    /// <summary>
    /// Claims <paramref name="robot"/> (still free: not running, no task run, no queued run on it) and the still
    /// waiting run together, or neither.
    /// </summary>
    internal async Task<ClaimOutcome> ClaimAsync(DispatchRun run, Account robot, string appName, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = Now();
        // The robot first: its condition would otherwise see this very run as the robot's run in flight.
        var robotTaken = await db.Accounts.Where(a => a.Id == robot.Id).Free(db)
            .ExecuteUpdateAsync(set => set
                .SetProperty(a => a.Status, AccountStatus.Running)
                .SetProperty(a => a.RecentApp, appName)
                .SetProperty(a => a.UpdatedAt, now), cancellationToken);
        if (robotTaken == 0)
        {
            return ClaimOutcome.RobotTaken;
        }

        var runTaken = await db.DispatchRuns.Where(r => r.Id == run.Id && r.State == DispatchRunState.Waiting)
            .ExecuteUpdateAsync(set => set
                .SetProperty(r => r.State, DispatchRunState.Starting)
                .SetProperty(r => r.AccountId, robot.Id)
                .SetProperty(r => r.StartedAt, now)
                .SetProperty(r => r.Version, r => r.Version + 1), cancellationToken);
        if (runTaken == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            return ClaimOutcome.RunTaken;
        }

        await transaction.CommitAsync(cancellationToken);
        metrics.QueueWaited(now - run.EnqueuedAt);
        events.Publish([.. RunEvents(run), new AccountChanged(robot.Id)]);
        return ClaimOutcome.Claimed;
    }

    /// <summary>
    /// Claims a still waiting run of a Dify task while fewer than <paramref name="maxConcurrency"/> of the task's runs
    /// are in flight: no robot is involved. Two instances claiming in the same instant on PostgreSQL may each see room
    /// for one more and exceed the limit by one; the limit protects Dify's rate, not a robot.
    /// </summary>
    internal async Task<bool> ClaimWithoutRobotAsync(DispatchRun run, int maxConcurrency, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = Now();
        var taken = await db.DispatchRuns
            .Where(r => r.Id == run.Id && r.State == DispatchRunState.Waiting
                && db.DispatchRuns.Count(o => o.TaskId == run.TaskId
                    && (o.State == DispatchRunState.Starting || o.State == DispatchRunState.Running)) < maxConcurrency)
            .ExecuteUpdateAsync(set => set
                .SetProperty(r => r.State, DispatchRunState.Starting)
                .SetProperty(r => r.StartedAt, now)
                .SetProperty(r => r.Version, r => r.Version + 1), cancellationToken);
        if (taken > 0)
        {
            metrics.QueueWaited(now - run.EnqueuedAt);
            events.Publish([.. RunEvents(run)]);
        }

        return taken > 0;
    }

    /// <summary>The robot's agent accepted the run: running, with its ShadowBot job when it has one.</summary>
    public async Task StartedAsync(long runId, string? jobUuid)
    {
        var moved = await MoveAsync(runId, r => r.State == DispatchRunState.Starting,
            set => set.SetProperty(r => r.State, DispatchRunState.Running).SetProperty(r => r.JobUuid, jobUuid),
            (listener, db, run) => listener.StartedAsync(db, run, CancellationToken.None), CancellationToken.None);
        if (moved is null && jobUuid is not null)
        {
            // A dispatcher judged the start interrupted meanwhile and made it running: the job is still the run's.
            await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
            await db.DispatchRuns.Where(r => r.Id == runId && r.State == DispatchRunState.Running && r.JobUuid == null)
                .ExecuteUpdateAsync(set => set.SetProperty(r => r.JobUuid, jobUuid), CancellationToken.None);
        }
    }

    /// <summary>The agent refused or could not be reached: the run ends without an outcome and its robot is as before the claim.</summary>
    public Task NotStartedAsync(long runId, long robotId, AccountStatus robotBefore, string reason) =>
        MoveAsync(runId, r => r.State == DispatchRunState.Starting,
            set => set.SetProperty(r => r.State, DispatchRunState.Ended).SetProperty(r => r.EndedAt, Now()).SetProperty(r => r.Error, Clip(reason)),
            (db, _) => ReleaseRobotAsync(db, robotId, robotBefore),
            (listener, db, run) => listener.EndedAsync(db, run, null, CancellationToken.None), CancellationToken.None, new AccountChanged(robotId));

    /// <summary>How long a run whose start ShadowBot rate-limited waits before a dispatcher may start it again.</summary>
    public static readonly TimeSpan RateLimitedRetryAfter = TimeSpan.FromSeconds(10);

    /// <summary>
    /// ShadowBot refused the start only for its rate limit: the run waits again (not before
    /// <see cref="RateLimitedRetryAfter"/>), keeping its run id (the idempotentUuid of its next start, so a start
    /// ShadowBot took is never doubled) and the reason; its robot is as before the claim.
    /// </summary>
    public Task DeferAsync(long runId, long robotId, AccountStatus robotBefore, string reason) =>
        MoveAsync(runId, r => r.State == DispatchRunState.Starting,
            set => set.SetProperty(r => r.State, DispatchRunState.Waiting).SetProperty(r => r.AccountId, (long?)null)
                .SetProperty(r => r.StartedAt, (DateTime?)null).SetProperty(r => r.NotBefore, Now() + RateLimitedRetryAfter)
                .SetProperty(r => r.Error, Clip(reason)),
            (db, _) => ReleaseRobotAsync(db, robotId, robotBefore),
            (_, _, _) => Task.CompletedTask, CancellationToken.None, new AccountChanged(robotId));

    private static async Task<bool> ReleaseRobotAsync(WorkbenchDbContext db, long robotId, AccountStatus robotBefore)
    {
        await db.Accounts.Where(a => a.Id == robotId && a.Status == AccountStatus.Running)
            .ExecuteUpdateAsync(set => set.SetProperty(a => a.Status, robotBefore), CancellationToken.None);
        return true;
    }

    /// <summary>The robot reported the run (its log is <paramref name="log"/>): ended with the robot's outcome.</summary>
    internal Task<DispatchRun?> SettleAsync(long runId, StoredRun log, CancellationToken cancellationToken) =>
        MoveAsync(runId, r => r.State == DispatchRunState.Starting || r.State == DispatchRunState.Running,
            set => set
                .SetProperty(r => r.State, DispatchRunState.Ended)
                .SetProperty(r => r.Outcome, log.Status)
                .SetProperty(r => r.Error, Clip(log.ErrorMessage))
                .SetProperty(r => r.ExecutionLogId, log.Id)
                .SetProperty(r => r.EndedAt, Now()),
            async (db, run) =>
            {
                // The ingest links a log to a task of the robot's own account; a group's run belongs to its task.
                await db.ExecutionLogs.Where(l => l.Id == log.Id && l.TaskId != run.TaskId)
                    .ExecuteUpdateAsync(set => set.SetProperty(l => l.TaskId, run.TaskId), cancellationToken);
                return true;
            },
            (listener, db, run) => listener.EndedAsync(db, run, log.Outputs, cancellationToken), cancellationToken);

    /// <summary>A start interrupted before its agent answered (a crash): from now on it is treated as running.</summary>
    public Task<DispatchRun?> RecoverStartingAsync(long runId, DateTime startedAt, CancellationToken cancellationToken) =>
        MoveAsync(runId, r => r.State == DispatchRunState.Starting && r.StartedAt == startedAt,
            set => set.SetProperty(r => r.State, DispatchRunState.Running),
            (listener, db, run) => listener.StartedAsync(db, run, cancellationToken), cancellationToken);

    /// <summary>
    /// No callback came in time: a <c>lost</c> verdict is logged (and counted on the dashboard), the robot is idle,
    /// the run ends lost. Left alone when the robot's log arrived meanwhile.
    /// </summary>
    public async Task<DispatchRun?> LoseAsync(long runId, DateTime startedAt, string message, CancellationToken cancellationToken)
    {
        var now = Now();
        ExecutionLog? verdict = null;
        var run = await MoveAsync(runId, r => r.State == DispatchRunState.Running && r.StartedAt == startedAt,
            set => set.SetProperty(r => r.State, DispatchRunState.Ended).SetProperty(r => r.Outcome, ExecutionStatus.Lost)
                .SetProperty(r => r.Error, Clip(message)).SetProperty(r => r.EndedAt, now),
            async (db, run) =>
            {
                var keys = RunLogKeys(run);
                if (await db.ExecutionLogs.AnyAsync(l => keys.Contains(l.DedupKey!), cancellationToken))
                {
                    return false;
                }

                var task = await db.Tasks.SingleAsync(t => t.Id == run.TaskId, cancellationToken);
                if (run.AccountId is { } robotId && await db.Accounts.SingleOrDefaultAsync(a => a.Id == robotId, cancellationToken) is { } robot)
                {
                    verdict = RunEnding.Record(db, new RunEnding.Verdict(run.RunId, run.JobUuid, RunKeys.ForVerdict(run.RunId, ExecutionStatus.Lost),
                        ExecutionStatus.Lost, message, startedAt), task, robot, now, operatorTime);
                    robot.EndRun(ExecutionStatus.Lost, task.AppName, now, now);
                    await db.SaveChangesAsync(cancellationToken);
                    run.ExecutionLogId = verdict.Id;
                }

                return true;
            },
            (listener, db, run) => listener.EndedAsync(db, run, null, cancellationToken), cancellationToken);
        if (run is not null && verdict is not null)
        {
            events.Publish([new AccountChanged(verdict.AccountId!.Value), new LogCreated(verdict.Id, verdict.ShadowBotAccount, verdict.AppName, verdict.Status)]);
        }

        return run;
    }

    /// <summary>
    /// A waiting run leaves the queue without starting (<see cref="DispatchRunState.Expired"/> or
    /// <see cref="DispatchRunState.Cancelled"/>); <paramref name="record"/> adds what else the same commit records (an audit entry).
    /// </summary>
    public Task<DispatchRun?> EndWaitingAsync(long runId, DispatchRunState final, string reason,
        Action<WorkbenchDbContext, DispatchRun>? record, CancellationToken cancellationToken) =>
        MoveAsync(runId, r => r.State == DispatchRunState.Waiting,
            set => set.SetProperty(r => r.State, final).SetProperty(r => r.EndedAt, Now()).SetProperty(r => r.Error, Clip(reason)),
            (db, run) =>
            {
                record?.Invoke(db, run);
                return Task.FromResult(true);
            },
            (listener, db, run) => listener.EndedAsync(db, run, null, cancellationToken), cancellationToken);

    /// <summary>The keys the ingest stores a run's log under: its run id, and its ShadowBot job when it has one.</summary>
    public static string[] RunLogKeys(DispatchRun run) => run.JobUuid is { } job
        ? [RunKeys.ForExecutionId(run.RunId), RunKeys.ForShadowBotJob(job)]
        : [RunKeys.ForExecutionId(run.RunId)];

    private Task<DispatchRun?> MoveAsync(long runId, Expression<Func<DispatchRun, bool>> from, Action<UpdateSettersBuilder<DispatchRun>> set,
        Func<IDispatchRunListener, WorkbenchDbContext, DispatchRun, Task> tell, CancellationToken cancellationToken, params WorkbenchEvent[] alsoChanged) =>
        MoveAsync(runId, from, set, (_, _) => Task.FromResult(true), tell, cancellationToken, alsoChanged);

    // The conditional update claims the run; `prepare` may still call the move off (rolled back) before the listeners are told.
    private async Task<DispatchRun?> MoveAsync(long runId, Expression<Func<DispatchRun, bool>> from, Action<UpdateSettersBuilder<DispatchRun>> set,
        Func<WorkbenchDbContext, DispatchRun, Task<bool>> prepare, Func<IDispatchRunListener, WorkbenchDbContext, DispatchRun, Task> tell,
        CancellationToken cancellationToken, params WorkbenchEvent[] alsoChanged)
    {
        await using var scope = scopes.CreateAsyncScope();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var moved = await db.DispatchRuns.Where(r => r.Id == runId).Where(from).ExecuteUpdateAsync(setters =>
        {
            set(setters);
            setters.SetProperty(r => r.Version, r => r.Version + 1);
        }, cancellationToken);
        if (moved == 0)
        {
            return null;
        }

        var run = await db.DispatchRuns.SingleAsync(r => r.Id == runId, cancellationToken);
        if (!await prepare(db, run))
        {
            await transaction.RollbackAsync(cancellationToken);
            return null;
        }

        var listeners = scope.ServiceProvider.GetServices<IDispatchRunListener>().ToList();
        foreach (var listener in listeners)
        {
            await tell(listener, db, run);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        events.Publish([.. RunEvents(run), .. alsoChanged]);
        foreach (var listener in listeners)
        {
            await listener.CommittedAsync(run);
        }

        return run;
    }

    private static IEnumerable<WorkbenchEvent> RunEvents(DispatchRun run) => run.BatchId is { } batchId
        ? [new QueueChanged(run.TaskId), new BatchChanged(batchId)]
        : [new QueueChanged(run.TaskId)];

    private static string? Clip(string? text) => text is { Length: > 2000 } ? text[..2000] : text;

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}

/// <summary>How a claim went: both taken, or which of the two someone else took first.</summary>
internal enum ClaimOutcome
{
    Claimed,
    RobotTaken,
    RunTaken,
}

/// <summary>The parts of a run's stored log that end its queued run.</summary>
internal sealed record StoredRun(long Id, string DedupKey, ExecutionStatus Status, string? ErrorMessage, string? Outputs);
