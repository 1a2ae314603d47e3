using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using RpaWorkbench.Core.Dispatch;
using RpaWorkbench.Core.Live;

namespace RpaWorkbench.Core.Workflows.Engine;

/// <summary>
/// Runs workflow runs, one per instance: every <see cref="WorkflowOptions.PollInterval"/>, and soon after an event
/// that may matter (a run changed, a queued run ended, a robot reported), a pass advances each open run that is due
/// (<see cref="WorkflowRun.NextWakeAt"/> passed), each in its own transaction. After each commit it publishes the
/// change, stops robot runs whose step timed out, and sends HTTP steps' requests.
/// </summary>
internal sealed class WorkflowEngine(
    IDbContextFactory<WorkbenchDbContext> contexts,
    WorkflowRunAdvancer advancer,
    WorkflowHttpSteps http,
    InFlightRuns inFlight,
    IWorkbenchEvents events,
    IOptions<WorkflowOptions> options,
    TimeProvider clock,
    ILogger<WorkflowEngine> logger) : BackgroundService
{
    private const int RunsPerPass = 500;

    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

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
        foreach (var runId in due)
        {
            try
            {
                if (await advancer.AdvanceAsync(runId, cancellationToken) is { } moves)
                {
                    advanced++;
                    await AfterCommitAsync(moves);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Workflow run {RunId} could not be advanced; the next pass tries again", runId);
            }
        }

        return advanced;
    }

    /// <summary>Waits for the HTTP requests in flight (tests; a stopping host lets them run out).</summary>
    internal Task DrainAsync() => http.DrainAsync();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            logger.LogInformation("The workflow engine is off ({Setting}); no workflow run advances in this process",
                $"{WorkflowOptions.SectionName}:{nameof(WorkflowOptions.Enabled)}");
            return;
        }

        using var subscription = events.Subscribe(WakeOn);
        Task<bool>? tick = null;
        Task<bool>? woken = null;
        try
        {
            await PassLoggingFailuresAsync(stoppingToken);
            using var timer = new PeriodicTimer(options.Value.PollInterval, clock);
            while (true)
            {
                tick ??= timer.WaitForNextTickAsync(stoppingToken).AsTask();
                woken ??= _wake.Reader.WaitToReadAsync(stoppingToken).AsTask();
                if (await Task.WhenAny(tick, woken) == tick)
                {
                    tick = null;
                    await PassLoggingFailuresAsync(stoppingToken);
                    continue;
                }

                woken = null;
                if (options.Value.WakeDebounce > TimeSpan.Zero)
                {
                    // Wall-clock time on purpose: it gathers a burst of events into one pass, no business deadline.
                    await Task.Delay(options.Value.WakeDebounce, stoppingToken);
                }

                _wake.Reader.TryRead(out _);
                await PassLoggingFailuresAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: everything is committed; an HTTP request cut short is taken as interrupted after its lease.
        }
    }

    private Task WakeOn(IReadOnlyList<WorkbenchEvent> batch)
    {
        if (batch.Any(e => e is WorkflowRunChanged or QueueChanged or LogCreated))
        {
            _wake.Writer.TryWrite(true);
        }

        return Task.CompletedTask;
    }

    private async Task PassLoggingFailuresAsync(CancellationToken stoppingToken)
    {
        try
        {
            await RunPassAsync(stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "A workflow pass failed; the next one tries again");
        }
    }

    private async Task AfterCommitAsync(WorkflowRunMoves moves)
    {
        events.Publish(moves.QueueChanged
            ? [new WorkflowRunChanged(moves.Run.Id, moves.Run.WorkflowId), new QueueChanged(null)]
            : [new WorkflowRunChanged(moves.Run.Id, moves.Run.WorkflowId)]);
        foreach (var call in moves.HttpCalls)
        {
            http.Send(call);
        }

        if (moves.ToStop.Count > 0)
        {
            await inFlight.StopAsync(moves.ToStop, "a timed-out workflow step");
        }
    }
}
