using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Common;
using RpaWorkbench.Core.Data;
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
public sealed class RunWatchdog(
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
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var active = await db.Tasks.Include(t => t.Account).Where(t => t.Status != RobotTaskStatus.Pending).ToListAsync(cancellationToken);

        var moved = active.Select(task => (Task: task, Moved: Judge(db, task, now))).Where(t => t.Moved.Moved).ToList();
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        events.Publish([.. moved.SelectMany(t => t.Moved.Log is { } log ? RunEnding.Events(t.Task, log) : [new TaskChanged(t.Task.Id)])]);
        return moved.Count;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicPasses.RunAsync(robots.Value.WatchdogInterval, clock, logger, "run watchdog", SweepAsync, stoppingToken);

    // Whether the task was moved, and the log that records why when the run ended.
    private (bool Moved, ExecutionLog? Log) Judge(WorkbenchDbContext db, RobotTask task, DateTime now)
    {
        var options = robots.Value;
        var start = task.RunStartedAt ?? task.LastRunTime ?? task.UpdatedAt;
        if (task.Status == RobotTaskStatus.Starting)
        {
            // The agent call has its own time-out; a start still claimed long after it was interrupted (a restart).
            return now - start > options.TotalTimeout + TimeSpan.FromMinutes(1) ? (Abandon(task, now), null) : (false, null);
        }

        var heardFrom = task.Account!.LastHeartbeatAt;
        (ExecutionStatus Verdict, string Message)? ending = true switch
        {
            _ when task.Status == RobotTaskStatus.Stopping && now - task.UpdatedAt > options.StopTimeout =>
                (ExecutionStatus.Stopped, "The robot accepted the stop but never reported the end of the run."),
            _ when now - start > (task.RunTimeout ?? options.RunTimeout) =>
                (ExecutionStatus.TimedOut, $"No completion callback within {task.RunTimeout ?? options.RunTimeout:g}."),
            _ when heardFrom is { } last && now - last > accounts.Value.OfflineAfter && now - start > accounts.Value.OfflineAfter =>
                (ExecutionStatus.Lost, $"The robot stopped sending heartbeats at {last:yyyy-MM-dd HH:mm:ss} UTC."),
            _ => null,
        };
        if (ending is not { } end)
        {
            return (false, null);
        }

        // Runs the robot started on its own (a confirm without a start from here) have no run id yet.
        task.CurrentRunId ??= $"task{task.Id}-{start:yyyyMMddHHmmss}";
        return (true, RunEnding.End(db, task, end.Verdict, end.Message, now, operatorTime));
    }

    private static bool Abandon(RobotTask task, DateTime now)
    {
        task.Status = RobotTaskStatus.Pending;
        task.CurrentRunId = null;
        task.ErrorMessage = "The start was interrupted before the robot answered; start the task again.";
        task.UpdatedAt = now;
        return true;
    }
}
