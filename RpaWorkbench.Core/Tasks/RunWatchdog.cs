using Microsoft.Extensions.Hosting;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Live;
using RpaWorkbench.Core.Robots;
using RpaWorkbench.Core.Time;

namespace RpaWorkbench.Core.Tasks;

/// <summary>
/// Ends the runs nobody else will end, every <see cref="RobotOptions.WatchdogInterval"/>: a start interrupted before
/// the agent answered, a stop the robot accepted but never finished, a run past its time-out (<c>timed_out</c>), and
/// a run whose robot stopped sending heartbeats (<c>lost</c>). Time-outs and lost runs keep the run's own key free,
/// so the robot's callback, when it finally arrives, still records the real outcome.
/// </summary>
internal sealed class RunWatchdog(
    IDbContextFactory<WorkbenchDbContext> contexts,
    IWorkbenchEvents events,
    IOptions<RobotOptions> robots,
    IOptions<AccountOptions> accounts,
    TimeProvider clock,
    OperatorTime operatorTime,
    ILogger<RunWatchdog> logger) : BackgroundService
{
    /// <summary>Checks every task that is not pending once; returns how many it moved.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        List<RobotTask> active;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            active = await db.Tasks.AsNoTracking().Include(t => t.Account).Where(t => t.Status != RobotTaskStatus.Pending).ToListAsync(cancellationToken);
        }

        var moved = 0;
        foreach (var seen in active)
        {
            if (Judge(seen, now) is { } verdict && await MoveAsync(seen, verdict, now, cancellationToken))
            {
                moved++;
            }
        }

        return moved;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicPasses.RunAsync(robots.Value.WatchdogInterval, clock, logger, "run watchdog", SweepAsync, stoppingToken);

    // What to do with the task as this sweep read it, or null to leave it.
    private Verdict? Judge(RobotTask task, DateTime now)
    {
        var options = robots.Value;
        var start = task.RunStartedAt ?? task.LastRunTime ?? task.UpdatedAt;
        if (task.Status == RobotTaskStatus.Starting)
        {
            // The agent call has its own time-out; a start untouched long after it was interrupted (a restart). A start
            // ShadowBot rate-limits is kept and touched at each retry, so its last change is what counts.
            return now - task.UpdatedAt > options.TotalTimeout + TimeSpan.FromMinutes(1) ? Verdict.StartInterrupted : null;
        }

        var heardFrom = task.Account!.LastHeartbeatAt;
        return true switch
        {
            _ when task.Status == RobotTaskStatus.Stopping && now - task.UpdatedAt > options.StopTimeout =>
                new Verdict(ExecutionStatus.Stopped, "The robot accepted the stop but never reported the end of the run."),
            _ when now - start > (task.RunTimeout ?? options.RunTimeout) =>
                new Verdict(ExecutionStatus.TimedOut, $"No completion callback within {task.RunTimeout ?? options.RunTimeout:g}."),
            // A queued job waits for a robot that may well be offline now.
            _ when task.Status != RobotTaskStatus.Queued && heardFrom is { } last && now - last > accounts.Value.OfflineAfter && now - start > accounts.Value.OfflineAfter =>
                new Verdict(ExecutionStatus.Lost, $"The robot stopped sending heartbeats at {last:yyyy-MM-dd HH:mm:ss} UTC."),
            _ => null,
        };
    }

    // Claims the task in the state the sweep judged (status, run and last change unchanged) with one conditional
    // update, then moves it in the same transaction: when several instances' watchdogs judge the same run, only the
    // first claim lands, so each time-out ends the run once, with one log and one roll-up count. A run that changed
    // meanwhile (its callback arrived, someone stopped it) is left to the next sweep.
    private async Task<bool> MoveAsync(RobotTask seen, Verdict verdict, DateTime now, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var claimed = await db.Tasks
            .Where(t => t.Id == seen.Id && t.Status == seen.Status && t.CurrentRunId == seen.CurrentRunId && t.UpdatedAt == seen.UpdatedAt)
            .ExecuteUpdateAsync(set => set.SetProperty(t => t.UpdatedAt, now), cancellationToken);
        if (claimed == 0)
        {
            return false;
        }

        var task = await db.Tasks.Include(t => t.Account).SingleAsync(t => t.Id == seen.Id, cancellationToken);
        ExecutionLog? log = null;
        if (verdict.Ending is { } ending)
        {
            // Runs the robot started on its own (a confirm without a start from here) have no run id yet.
            task.CurrentRunId ??= $"task{task.Id}-{seen.RunStartedAt ?? seen.LastRunTime ?? seen.UpdatedAt:yyyyMMddHHmmss}";
            log = RunEnding.End(db, task, ending, verdict.Message, now, operatorTime);
        }
        else
        {
            task.AbandonStart("The start was interrupted before the robot answered; start the task again.", now);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        events.Publish(log is null ? [new TaskChanged(task.Id)] : RunEnding.Events(task, log));
        return true;
    }

    // How the run ends (null: an interrupted start goes back to pending without a log), and why.
    private sealed record Verdict(ExecutionStatus? Ending, string Message)
    {
        public static readonly Verdict StartInterrupted = new(null, "");
    }
}
