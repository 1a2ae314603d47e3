using Microsoft.Extensions.Hosting;
using RpaWorkbench.Core.Dispatch;
using RpaWorkbench.Core.Live;

namespace RpaWorkbench.Core.Workflows.Engine;

/// <summary>
/// Runs workflow runs, one per instance: every <see cref="WorkflowOptions.PollInterval"/>, and soon after an event
/// that may matter (a run changed, a queued run ended, a robot reported), a pass advances each open run that is due
/// (<see cref="WorkflowRun.NextWakeAt"/> passed), up to 25 runs per transaction. After each commit it publishes the
/// change, stops robot runs whose step timed out, and sends HTTP steps' requests.
/// </summary>
internal sealed class WorkflowEngine(
    IDbContextFactory<WorkbenchDbContext> contexts,
    WorkflowRunAdvancer advancer,
    WorkflowHttpSteps http,
    WorkflowFollowUps followUps,
    IWorkbenchEvents events,
    IOptions<WorkflowOptions> options,
    TimeProvider clock,
    ILogger<WorkflowEngine> logger) : BackgroundService
{
    private const int RunsPerPass = 500;

    // Runs advanced in one transaction: one durable commit instead of one per run when many are due at once.
    private const int RunsPerCommit = 25;

    /// <summary>One pass over the due runs; returns how many it advanced.</summary>
    internal async Task<int> RunPassAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        List<long> due;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            due = await db.WorkflowRuns.Where(r => r.State == WorkflowRunState.Running && r.NextWakeAt <= now)
                .OrderBy(r => r.NextWakeAt).Select(r => r.Id).Take(RunsPerPass).ToListAsync(cancellationToken);
        }

        var advanced = 0;
        foreach (var chunk in due.Chunk(RunsPerCommit))
        {
            // Many runs in one commit; a chunk that lost a race (or failed) goes again run by run, so one run never holds up the others.
            if (chunk.Length > 1 && await TryAdvanceManyAsync(chunk, cancellationToken) is { } moved)
            {
                advanced += moved.Count;
                await followUps.AfterCommitAsync(moved, http.Send);
                continue;
            }

            advanced += await AdvanceEachAsync(chunk, cancellationToken);
        }

        return advanced;
    }

    private async Task<IReadOnlyList<WorkflowRunMoves>?> TryAdvanceManyAsync(long[] runIds, CancellationToken cancellationToken)
    {
        try
        {
            return await advancer.AdvanceManyAsync(runIds, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogDebug(ex, "Workflow runs {RunIds} could not be advanced together; advancing them one by one", runIds);
            return null;
        }
    }

    private async Task<int> AdvanceEachAsync(long[] runIds, CancellationToken cancellationToken)
    {
        var done = 0;
        foreach (var runId in runIds)
        {
            try
            {
                if (await advancer.AdvanceAsync(runId, cancellationToken) is { } moves)
                {
                    done++;
                    await followUps.AfterCommitAsync([moves], http.Send);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Workflow run {RunId} could not be advanced; the next pass tries again", runId);
            }
        }

        return done;
    }

    /// <summary>Waits for the HTTP requests in flight (tests; a stopping host lets them run out).</summary>
    internal Task DrainAsync() => http.DrainAsync();

    // Stopping mid-pass is safe: every move is committed, and an HTTP request cut short is interrupted after its lease.
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => PassLoop.RunAsync(
        new PassLoopSettings("workflow engine", $"{WorkflowOptions.SectionName}:{nameof(WorkflowOptions.Enabled)}", options.Value.Enabled,
            options.Value.PollInterval, options.Value.WakeDebounce),
        RunPassAsync, e => e is WorkflowRunChanged or QueueChanged or LogCreated, events, clock, logger, stoppingToken);
}
