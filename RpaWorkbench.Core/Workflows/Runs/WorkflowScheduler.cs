using System.Collections.Concurrent;
using Cronos;
using Microsoft.Extensions.Hosting;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Core.Tasks.Scheduling;
using RpaWorkbench.Core.Time;

namespace RpaWorkbench.Core.Workflows.Runs;

/// <summary>
/// Starts a run (the inputs' defaults) of each workflow whose cron <see cref="Workflow.Schedule"/> (operators' zone)
/// fires, on the task scheduler's settings (<c>Workbench:Scheduler</c>: Enabled, PollInterval). A fire is claimed by
/// moving <see cref="Workflow.ScheduledThrough"/> from the value the pass read to now in one conditional update, so it
/// starts one run whatever the number of instances. Fires missed while the Workbench was down are not made up: only a
/// fire at most <see cref="LateFireTolerance"/> old starts a run; older ones are claimed and dropped, and the next fire runs.
/// </summary>
internal sealed class WorkflowScheduler(
    IDbContextFactory<WorkbenchDbContext> contexts,
    IServiceScopeFactory scopes,
    OperatorTime operatorTime,
    IOptions<SchedulerOptions> options,
    TimeProvider clock,
    ILogger<WorkflowScheduler> logger) : BackgroundService
{
    /// <summary>A fire older than this when a pass sees it came while the Workbench was down (the poll interval is at most a minute).</summary>
    public static readonly TimeSpan LateFireTolerance = TimeSpan.FromMinutes(2);

    private readonly ConcurrentDictionary<(long WorkflowId, string Cron), bool> _reportedCrons = new();

    /// <summary>One pass: claims every due fire and starts a run for each recent one; returns the runs started.</summary>
    public async Task<IReadOnlyList<WorkflowRun>> FireDueAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var scheduled = await db.Workflows.AsNoTracking().Where(w => w.Schedule != null)
            .Select(w => new { w.Id, w.Schedule, w.ScheduledThrough, w.UpdatedAt })
            .ToListAsync(cancellationToken);
        var started = new List<WorkflowRun>();
        foreach (var workflow in scheduled)
        {
            // A schedule never claimed counts from the workflow's last change, so it does not fire its history.
            var after = workflow.ScheduledThrough ?? workflow.UpdatedAt;
            if (NextFire(workflow.Id, workflow.Schedule!, after) is not { } first || first > now)
            {
                continue;
            }

            if (!await ClaimAsync(workflow.Id, workflow.ScheduledThrough, now, cancellationToken))
            {
                continue;
            }

            var recent = NextFire(workflow.Id, workflow.Schedule!, Later(after, now - LateFireTolerance));
            if (recent is not { } fire || fire > now)
            {
                logger.LogWarning("Workflow {WorkflowId}: scheduled fires from {First:o} came while the Workbench was down; they are not made up",
                    workflow.Id, first);
                continue;
            }

            if (await StartAsync(workflow.Id, fire) is { } run)
            {
                started.Add(run);
            }
        }

        return started;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => options.Value.Enabled
        ? PeriodicPasses.RunAsync(options.Value.PollInterval, clock, logger, "workflow scheduler", FireDueAsync, stoppingToken)
        : Task.CompletedTask;

    // Only the pass whose update lands (ScheduledThrough still as it read it) owns the fire.
    private async Task<bool> ClaimAsync(long workflowId, DateTime? scheduledThrough, DateTime now, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Workflows.Where(w => w.Id == workflowId && w.ScheduledThrough == scheduledThrough)
            .ExecuteUpdateAsync(set => set.SetProperty(w => w.ScheduledThrough, now), cancellationToken) == 1;
    }

    private async Task<WorkflowRun?> StartAsync(long workflowId, DateTime fire)
    {
        try
        {
            // Claimed: the start runs to its end even when the host is stopping, or this fire would be lost.
            await using var scope = scopes.CreateAsyncScope();
            var run = await scope.ServiceProvider.GetRequiredService<WorkflowRunService>().StartScheduledAsync(workflowId, CancellationToken.None);
            logger.LogInformation("Workflow {WorkflowId} started run {RunId} by its schedule (fire time {FireTime:o})", workflowId, run.Id, fire);
            return run;
        }
        catch (Exception ex) when (ex is RuleViolationException or ValidationFailedException)
        {
            // A required input without a default, or a workflow deleted meanwhile: this fire is skipped.
            logger.LogWarning(ex, "Workflow {WorkflowId}: the scheduled run of {FireTime:o} was skipped", workflowId, fire);
            return null;
        }
    }

    private DateTime? NextFire(long workflowId, string cron, DateTime after)
    {
        try
        {
            return TaskSchedule.NextFire(null, cron, after, operatorTime.Zone);
        }
        catch (CronFormatException ex)
        {
            if (_reportedCrons.TryAdd((workflowId, cron), true))
            {
                logger.LogWarning(ex, "Workflow {WorkflowId} has a schedule that does not parse ({Cron}); it does not fire until it is corrected", workflowId, cron);
            }

            return null;
        }
    }

    private static DateTime Later(DateTime a, DateTime b) => a > b ? a : b;
}
