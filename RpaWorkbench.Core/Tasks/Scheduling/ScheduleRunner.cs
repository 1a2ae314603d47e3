using System.Collections.Concurrent;
using Cronos;
using Microsoft.Extensions.Hosting;
using RpaWorkbench.Core.Audit;
using RpaWorkbench.Core.Live;
using RpaWorkbench.Core.Time;

namespace RpaWorkbench.Core.Tasks.Scheduling;

/// <summary>
/// Starts tasks when their one-shot trigger time or cron schedule (operator's zone) comes, every
/// <see cref="SchedulerOptions.PollInterval"/>. A fire is claimed by moving <see cref="RobotTask.ScheduledThrough"/>
/// from the value the pass read to "now" in one conditional update, so each fire starts at most one run, whatever
/// the number of passes, restarts or instances, and fires missed while the Workbench was down collapse into one.
/// A fire the robot cannot take (task not pending, robot busy, agent refusing or unreachable) is skipped and
/// recorded, never queued; a fire of a task that targets a robot group queues its run in the dispatch queue, as a
/// start by hand does. Runs are started as <see cref="SystemActor.Scheduler"/>.
/// </summary>
internal sealed class ScheduleRunner(
    IDbContextFactory<WorkbenchDbContext> contexts,
    IServiceScopeFactory scopes,
    IWorkbenchEvents events,
    OperatorTime operatorTime,
    IOptions<SchedulerOptions> options,
    TimeProvider clock,
    ILogger<ScheduleRunner> logger) : BackgroundService
{
    // Fires of one pass start side by side: an unreachable robot holds its start for the agent's whole time budget,
    // and must not hold up the other robots due at the same minute. SQLite serializes the short writes.
    private const int ConcurrentStarts = 8;

    private readonly AuditTrail _audit = new(SystemActor.Scheduler, clock);

    // Stored crons that do not parse, already logged: a broken task warns once, not on every pass.
    private readonly ConcurrentDictionary<(long TaskId, string Cron), bool> _reportedCrons = new();

    /// <summary>One pass: fires every schedule that is due now; returns the fires this pass handled, in fire-time order.</summary>
    public async Task<IReadOnlyList<ScheduledFire>> FireDueAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var handled = new ConcurrentQueue<ScheduledFire>();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = ConcurrentStarts, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(await DueAsync(now, cancellationToken), parallel, async (due, token) =>
        {
            try
            {
                if (await FireAsync(due, now, token) is { } fire)
                {
                    handled.Enqueue(fire);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "The scheduled run of task {TaskId} due at {FireTime:o} failed", due.TaskId, due.FireTime);
            }
        });

        return [.. handled.OrderBy(f => f.FireTime).ThenBy(f => f.TaskId)];
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            logger.LogInformation("The task scheduler is off ({Setting}); no schedule fires from this process",
                $"{SchedulerOptions.SectionName}:{nameof(SchedulerOptions.Enabled)}");
            return Task.CompletedTask;
        }

        return PeriodicPasses.RunAsync(options.Value.PollInterval, clock, logger, "task scheduler", FireDueAsync, stoppingToken);
    }

    private async Task<List<DueFire>> DueAsync(DateTime now, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var scheduled = await db.Tasks.AsNoTracking()
            .Where(t => t.CronExpression != null || (t.TriggerTime != null && (t.ScheduledThrough == null || t.TriggerTime > t.ScheduledThrough)))
            .Select(t => new Schedule(t.Id, t.TriggerTime, t.CronExpression, t.ScheduledThrough, t.UpdatedAt))
            .ToListAsync(cancellationToken);

        // A task scheduled before ScheduledThrough existed counts from its last change, so it does not fire its history.
        var due = new List<DueFire>();
        foreach (var schedule in scheduled)
        {
            if (NextFire(schedule, schedule.ScheduledThrough ?? schedule.UpdatedAt) is { } fire && fire <= now)
            {
                due.Add(new DueFire(schedule.TaskId, fire, schedule.ScheduledThrough));
            }
        }

        return due;
    }

    private DateTime? NextFire(Schedule schedule, DateTime after)
    {
        try
        {
            return TaskSchedule.NextFire(schedule.TriggerTime, schedule.Cron, after, operatorTime.Zone);
        }
        catch (CronFormatException ex)
        {
            if (_reportedCrons.TryAdd((schedule.TaskId, schedule.Cron!), true))
            {
                logger.LogWarning(ex, "Task {TaskId} has a cron schedule that does not parse ({Cron}); it does not fire until it is corrected",
                    schedule.TaskId, schedule.Cron);
            }

            return TaskSchedule.NextFire(schedule.TriggerTime, cron: null, after, operatorTime.Zone);
        }
    }

    private async Task<ScheduledFire?> FireAsync(DueFire due, DateTime now, CancellationToken cancellationToken)
    {
        var (won, skipped) = await ClaimAsync(due, now, cancellationToken);
        if (!won || skipped is not null)
        {
            return skipped;
        }

        try
        {
            // Claimed: the start runs to its end even when the host is stopping, or this fire would be lost.
            await using var scope = scopes.CreateAsyncScope();
            await ActivatorUtilities.CreateInstance<TaskRunService>(scope.ServiceProvider, SystemActor.Scheduler, _audit)
                .StartAsync(due.TaskId, CancellationToken.None);
            logger.LogInformation("Task {TaskId} started by its schedule (fire time {FireTime:o})", due.TaskId, due.FireTime);
            return new ScheduledFire(due.TaskId, due.FireTime);
        }
        catch (RuleViolationException refused)
        {
            return await RecordSkipAsync(due, refused.Code, refused.Message);
        }
        catch (ValidationFailedException invalid)
        {
            // A schedule starts with the parameters' defaults: a required parameter without one skips the fire.
            return await RecordSkipAsync(due, invalid.Errors[0].Code, string.Join(" ", invalid.Errors.Select(e => e.Message)));
        }
    }

    // Moves ScheduledThrough from the value this pass read to now: only the pass whose update lands owns the fire.
    // A task that is not pending cannot take it; that skip is recorded in the same transaction as the claim.
    private async Task<(bool Won, ScheduledFire? Skipped)> ClaimAsync(DueFire due, DateTime now, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var claimed = await db.Tasks
            .Where(t => t.Id == due.TaskId && t.ScheduledThrough == due.ScheduledThrough)
            .ExecuteUpdateAsync(set => set.SetProperty(t => t.ScheduledThrough, now), cancellationToken);
        if (claimed == 0)
        {
            // Another pass or instance fired it, or the schedule changed since this pass read it.
            return (false, null);
        }

        var task = await db.Tasks.SingleAsync(t => t.Id == due.TaskId, cancellationToken);
        var skipped = task.Status == RobotTaskStatus.Pending ? null
            : Skip(db, task, due.FireTime, TaskErrorCodes.TaskNotPending, $"The task was still {ContractName.Of(task.Status)}.");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        Publish(skipped);
        return (true, skipped);
    }

    private async Task<ScheduledFire?> RecordSkipAsync(DueFire due, string code, string reason)
    {
        // Recorded whatever the host does meanwhile: the fire is already claimed.
        await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
        await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
        var task = await db.Tasks.SingleOrDefaultAsync(t => t.Id == due.TaskId, CancellationToken.None);
        if (task is null)
        {
            return null;
        }

        var skipped = Skip(db, task, due.FireTime, code, reason);
        await db.SaveChangesAsync(CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
        Publish(skipped);
        return skipped;
    }

    // Audit entry and the operator-facing message, on the caller's tracked task; the caller saves both together.
    private ScheduledFire Skip(WorkbenchDbContext db, RobotTask task, DateTime fireTime, string code, string reason)
    {
        var message = $"Scheduled run of {operatorTime.Format(fireTime)} ({operatorTime.OffsetLabel(fireTime)}) skipped: {reason}";
        _audit.Record(db, AuditActions.TaskScheduleSkipped,
            new AuditTarget(AuditTargetTypes.Task, task.Id.ToString(CultureInfo.InvariantCulture), task.TaskName),
            new AuditChanges()
                .Field("fire_time", null, fireTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))
                .Field("reason", null, code)
                .Field("error_message", task.ErrorMessage, message));

        // UpdatedAt stays: the watchdog times a stop in progress from it.
        task.ErrorMessage = message;
        logger.LogWarning("Task {TaskId} ({TaskName}): the scheduled run of {FireTime:o} was skipped ({Code}): {Reason}",
            task.Id, task.TaskName, fireTime, code, reason);
        return new ScheduledFire(task.Id, fireTime, code, reason);
    }

    private void Publish(ScheduledFire? skipped)
    {
        if (skipped is not null)
        {
            events.Publish([new TaskChanged(skipped.TaskId)]);
        }
    }

    private sealed record Schedule(long TaskId, DateTime? TriggerTime, string? Cron, DateTime? ScheduledThrough, DateTime UpdatedAt);

    // The first fire after ScheduledThrough, and the ScheduledThrough it was computed from (the claim's condition).
    private sealed record DueFire(long TaskId, DateTime FireTime, DateTime? ScheduledThrough);
}
