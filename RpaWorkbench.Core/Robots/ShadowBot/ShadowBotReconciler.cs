using Microsoft.Extensions.Hosting;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Live;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Core.Webhooks;

namespace RpaWorkbench.Core.Robots.ShadowBot;

/// <summary>
/// With <c>Workbench:Robots:Mode=ShadowBot</c>, asks job/query every <see cref="ShadowBotOptions.ReconcileInterval"/>
/// about the jobs of runs in progress: every queued one, and running or stopping ones without news for
/// <see cref="ShadowBotOptions.ReconcileAfter"/>. A queued job a robot took moves its task to running; a job that ended
/// is recorded through the ingest exactly as its native callback would be, deduplicated on its jobUuid, so a late
/// callback (or another instance's reconciler) adds nothing. ShadowBot's refusals leave the task for the next pass.
/// </summary>
internal sealed class ShadowBotReconciler(
    IDbContextFactory<WorkbenchDbContext> contexts,
    IServiceProvider services,
    CallbackIngestQueue ingest,
    RobotTime robotTime,
    IWorkbenchEvents events,
    IOptions<RobotOptions> robots,
    IOptions<ShadowBotOptions> options,
    TimeProvider clock,
    ILogger<ShadowBotReconciler> logger) : BackgroundService
{
    /// <summary>Queries each job due once; returns how many tasks it moved to running or whose run it recorded.</summary>
    public async Task<int> ReconcileAsync(CancellationToken cancellationToken)
    {
        var due = await DueTasksAsync(cancellationToken);
        if (due.Count == 0)
        {
            return 0;
        }

        // A typed client per pass: the HttpClient factory rotates its handlers.
        var client = services.GetRequiredService<ShadowBotClient>();
        var moved = 0;
        foreach (var task in due)
        {
            ShadowBotJob job;
            try
            {
                job = await client.QueryJobAsync(task.CurrentJobUuid!, cancellationToken);
            }
            catch (ShadowBotException ex)
            {
                logger.LogWarning("ShadowBot job {JobUuid} of task {TaskId} could not be queried; the next pass asks again: {Reason}",
                    task.CurrentJobUuid, task.Id, ex.Message);
                // Past the client's own back-off, or nobody answers: the other jobs would fare no better in this pass.
                if (ex.Kind is ShadowBotErrorKind.RateLimited or ShadowBotErrorKind.Unreachable)
                {
                    break;
                }

                continue;
            }

            if (await SettleAsync(task, job, cancellationToken))
            {
                moved++;
            }
        }

        return moved;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (robots.Value.Mode != RobotMode.ShadowBot || !options.Value.HasKeyPair)
        {
            return Task.CompletedTask;
        }

        return PeriodicPasses.RunAsync(options.Value.ReconcileInterval, clock, logger, "ShadowBot reconciler", ReconcileAsync, stoppingToken);
    }

    private async Task<List<RobotTask>> DueTasksAsync(CancellationToken cancellationToken)
    {
        var quietSince = Now() - options.Value.ReconcileAfter;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Tasks.AsNoTracking().Include(t => t.Account)
            .Where(t => t.CurrentJobUuid != null && t.CurrentRunId != null
                        && (t.Status == RobotTaskStatus.Queued
                            || ((t.Status == RobotTaskStatus.Running || t.Status == RobotTaskStatus.Stopping) && t.UpdatedAt <= quietSince)))
            .OrderBy(t => t.UpdatedAt)
            .ToListAsync(cancellationToken);
    }

    private async Task<bool> SettleAsync(RobotTask task, ShadowBotJob job, CancellationToken cancellationToken)
    {
        if (ShadowBotJobStatuses.Outcome(job.Status) is { } outcome)
        {
            return await RecordAsync(task, job, outcome, cancellationToken);
        }

        return task.Status == RobotTaskStatus.Queued && ShadowBotJobStatuses.IsRunning(job.Status)
            && await MarkRunningAsync(task, cancellationToken);
    }

    // The same run the job's callback makes; the ingest ends the task and the account as for any callback.
    private async Task<bool> RecordAsync(RobotTask task, ShadowBotJob job, ExecutionStatus outcome, CancellationToken cancellationToken)
    {
        var end = Time(job.EndTime) ?? Now();
        var start = Time(job.StartTime) ?? task.RunStartedAt ?? end;
        var run = new ShadowBotEndedJob(job.JobUuid, outcome, Text(job.RobotClientName) ?? task.Account!.ShadowBotAccount,
            Text(job.RobotName) ?? task.AppName, start <= end ? start : end, end)
        {
            IdempotentUuid = task.CurrentRunId,
            Message = Text(job.Remark),
            ScreenshotUrl = job.ScreenshotUrl,
            Outputs = Outputs(job),
            TaskId = task.Id,
        };
        try
        {
            var receipt = await ingest.SubmitAsync(run.ToCallback(), cancellationToken);
            if (!receipt.Duplicate)
            {
                logger.LogInformation("ShadowBot job {JobUuid} of task {TaskId} ended ({Status}) without its callback; recorded from job/query",
                    job.JobUuid, task.Id, job.Status);
            }

            return !receipt.Duplicate;
        }
        catch (IngestUnavailableException ex)
        {
            logger.LogWarning(ex, "The end of ShadowBot job {JobUuid} could not be stored; the next pass tries again", job.JobUuid);
            return false;
        }
    }

    // Only if the task is still queued for this run: a callback or an operator may have moved it meanwhile.
    private async Task<bool> MarkRunningAsync(RobotTask task, CancellationToken cancellationToken)
    {
        var now = Now();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var moved = await db.Tasks
            .Where(t => t.Id == task.Id && t.Status == RobotTaskStatus.Queued && t.CurrentRunId == task.CurrentRunId)
            .ExecuteUpdateAsync(set => set.SetProperty(t => t.Status, RobotTaskStatus.Running).SetProperty(t => t.UpdatedAt, now), cancellationToken);
        if (moved == 0)
        {
            return false;
        }

        // A group's job runs on whichever robot ShadowBot picked, not on the task's account: its callback names that robot.
        if (!string.IsNullOrWhiteSpace(task.ShadowBot?.GroupUuid))
        {
            events.Publish([new TaskChanged(task.Id)]);
            return true;
        }

        await db.Accounts.MarkRunningAsync(task.AccountId, task.AppName, now, cancellationToken);
        events.Publish([new TaskChanged(task.Id), new AccountChanged(task.AccountId)]);
        return true;
    }

    private DateTime? Time(string? text) => string.IsNullOrWhiteSpace(text) ? null : robotTime.ToUtc(text);

    private static string? Text(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    // job/query's output parameters as the callback's result would store them; more than a run may keep is left out.
    private static string? Outputs(ShadowBotJob job)
    {
        var outputs = (job.RobotParams?.Outputs ?? [])
            .Select(p => new RunOutput(p.Name, p.Value ?? "", RunOutputs.Types.Contains(p.Type) ? p.Type : RunOutputs.TextType))
            .ToList();
        return RunOutputs.Serialize(outputs) is { } text && RunOutputs.Fits(text) ? text : null;
    }

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
