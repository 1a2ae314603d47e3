using Microsoft.Extensions.Hosting;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Dify;
using RpaWorkbench.Core.Live;
using RpaWorkbench.Core.Robots;
using RpaWorkbench.Core.Tasks;

namespace RpaWorkbench.Core.Dispatch;

/// <summary>
/// Serves the dispatch queue, one per instance: every <see cref="DispatchOptions.PollInterval"/>, and soon after any
/// event that may free a robot or queue a run, a pass expires overdue waiting runs, ends the runs in flight whose
/// robot reported (or that are lost), and starts waiting runs on idle robots. Each run and robot is claimed together
/// in one transaction (<see cref="DispatchTransitions.ClaimAsync"/>), so however many instances serve one database, a
/// run starts once and a robot takes one run at a time.
/// </summary>
internal sealed class Dispatcher(
    IDbContextFactory<WorkbenchDbContext> contexts,
    DispatchTransitions transitions,
    IRobotAgent agent,
    RunStartRequests startRequests,
    DifyDispatch dify,
    IWorkbenchEvents events,
    IOptions<DispatchOptions> options,
    IOptions<DifyOptions> difyOptions,
    IOptions<AccountOptions> accounts,
    TimeProvider clock,
    ILogger<Dispatcher> logger) : BackgroundService
{
    // Claimed runs start side by side: an unreachable robot holds its start for the agent's whole time budget.
    private const int ConcurrentStarts = 8;

    /// <summary>One pass over the queue; returns what it did.</summary>
    public async Task<DispatchPass> PassAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var expired = await ExpireAsync(now, cancellationToken);
        var (settled, lost) = await SettleAsync(now, cancellationToken);
        var (started, notStarted) = await ServeAsync(now, cancellationToken);
        started += await dify.ServeAsync(now, cancellationToken);
        return new DispatchPass(expired, settled, lost, started, notStarted);
    }

    // Claimed runs not yet started when the host stops are recovered by the next start (StartingGrace).
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => PassLoop.RunAsync(
        new PassLoopSettings("dispatcher", $"{DispatchOptions.SectionName}:{nameof(DispatchOptions.Enabled)}", options.Value.Enabled,
            options.Value.PollInterval, options.Value.WakeDebounce),
        PassAsync, e => e is QueueChanged or BatchChanged or LogCreated or AccountChanged, events, clock, logger, stoppingToken);

    private async Task<int> ExpireAsync(DateTime now, CancellationToken cancellationToken)
    {
        List<long> overdue;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            overdue = await db.DispatchRuns.Where(r => r.State == DispatchRunState.Waiting && r.ExpiresAt <= now)
                .Select(r => r.Id).ToListAsync(cancellationToken);
        }

        var expired = 0;
        foreach (var id in overdue)
        {
            if (await transitions.EndWaitingAsync(id, DispatchRunState.Expired, "It waited for a robot past its wait time-out.", null, cancellationToken) is not null)
            {
                expired++;
            }
        }

        return expired;
    }

    // Runs in flight: ended by the log the ingest stored for them, recovered from an interrupted start, or lost.
    private async Task<(int Settled, int Lost)> SettleAsync(DateTime now, CancellationToken cancellationToken)
    {
        List<InFlight> inFlight;
        Dictionary<string, StoredRun> logs;
        TimeSpan? difyTimeout = difyOptions.Value.RunTimeout;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            inFlight = await db.DispatchRuns.AsNoTracking()
                .Where(r => r.State == DispatchRunState.Starting || r.State == DispatchRunState.Running)
                // A Dify call gives up after the Dify run time-out: past it (and the grace) the process that made it is gone.
                .Select(r => new InFlight(r, r.Task!.Dify != null ? difyTimeout : r.Task!.RunTimeout))
                .ToListAsync(cancellationToken);
            var keys = inFlight.SelectMany(r => DispatchTransitions.RunLogKeys(r.Run)).ToList();
            logs = keys.Count == 0 ? [] : await db.ExecutionLogs.AsNoTracking()
                .Where(l => keys.Contains(l.DedupKey!))
                .Select(l => new StoredRun(l.Id, l.DedupKey!, l.Status, l.ErrorMessage, l.Outputs))
                .ToDictionaryAsync(l => l.DedupKey, cancellationToken);
        }

        var (settled, lost) = (0, 0);
        var settings = options.Value;
        foreach (var (run, runTimeout) in inFlight)
        {
            var started = run.StartedAt ?? now;
            if (DispatchTransitions.RunLogKeys(run).Select(logs.GetValueOrDefault).FirstOrDefault(l => l is not null) is { } log)
            {
                settled += await transitions.SettleAsync(run.Id, log, cancellationToken) is null ? 0 : 1;
            }
            else if (run.State == DispatchRunState.Starting && now - started > settings.StartingGrace)
            {
                logger.LogWarning("Queued run {RunId} was still starting {Grace} after its claim (a restart?); it is treated as running", run.RunId, settings.StartingGrace);
                await transitions.RecoverStartingAsync(run.Id, started, cancellationToken);
            }
            else if (run.State == DispatchRunState.Running && now - started > (runTimeout ?? settings.LostAfter) + settings.LostGrace)
            {
                var message = $"No completion callback within {runTimeout ?? settings.LostAfter:g} (and {settings.LostGrace:g} grace).";
                lost += await transitions.LoseAsync(run.Id, started, message, cancellationToken) is null ? 0 : 1;
            }
        }

        return (settled, lost);
    }

    private async Task<(int Started, int NotStarted)> ServeAsync(DateTime now, CancellationToken cancellationToken)
    {
        var claimed = new List<Claim>();
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var plan = await DispatchPlan.ReadAsync(db, now, accounts.Value.OnlineSince(now), cancellationToken);
            var tasks = await TasksAsync(db, plan.Runs, cancellationToken);
            foreach (var run in plan.Runs.Where(plan.HasRoom))
            {
                if (await ClaimAsync(plan, run, tasks[run.TaskId], cancellationToken) is { } robot)
                {
                    claimed.Add(new Claim(run, tasks[run.TaskId], robot));
                }
            }
        }

        var (started, notStarted) = (0, 0);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = ConcurrentStarts, CancellationToken = CancellationToken.None };
        await Parallel.ForEachAsync(claimed, parallel, async (claim, _) =>
        {
            if (await StartAsync(claim))
            {
                Interlocked.Increment(ref started);
            }
            else
            {
                Interlocked.Increment(ref notStarted);
            }
        });
        return (started, notStarted);
    }

    private static async Task<Dictionary<long, RobotTask>> TasksAsync(WorkbenchDbContext db, IReadOnlyList<DispatchRun> runs, CancellationToken cancellationToken)
    {
        var ids = runs.Select(r => r.TaskId).Distinct().ToList();
        return await db.Tasks.AsNoTracking().Where(t => ids.Contains(t.Id)).ToDictionaryAsync(t => t.Id, cancellationToken);
    }

    // The first of the run's idle robots that is still free when claimed; null when none is, or the run went meanwhile.
    private async Task<Account?> ClaimAsync(DispatchPlan plan, DispatchRun run, RobotTask task, CancellationToken cancellationToken)
    {
        foreach (var robot in plan.RobotsFor(run))
        {
            switch (await transitions.ClaimAsync(run, robot, task.AppName, cancellationToken))
            {
                case ClaimOutcome.Claimed:
                    plan.Took(run, robot);
                    return robot;
                case ClaimOutcome.RobotTaken:
                    plan.Gone(robot);
                    break;
                default:
                    return null;
            }
        }

        return null;
    }

    // Claimed: the start runs to its end even when the host is stopping, and its answer is recorded.
    private async Task<bool> StartAsync(Claim claim)
    {
        var (run, task, robot) = claim;
        RobotAgentResult result;
        try
        {
            var parameters = run.Parameters.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value!, StringComparer.OrdinalIgnoreCase);
            var request = await startRequests.BuildAsync(task, robot, run.RunId, parameters, CancellationToken.None);
            result = await agent.StartAsync(RunStartRequests.Endpoint(robot), request, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Queued run {RunId} of task {TaskId} could not be sent to robot {Account}", run.RunId, task.Id, robot.ShadowBotAccount);
            result = new RobotAgentResult(RobotAgentOutcome.Unreachable, ex.Message);
        }

        if (result.IsAccepted)
        {
            await transitions.StartedAsync(run.Id, result.JobUuid);
            logger.LogInformation("Queued run {RunId} of task {TaskId} started on robot {Account}", run.RunId, task.Id, robot.ShadowBotAccount);
            return true;
        }

        var reason = result.Message ?? "The robot did not accept the run.";
        if (result.Outcome == RobotAgentOutcome.RateLimited)
        {
            // Never dropped: the run waits again for a later pass (each start already backed off inside the client).
            await transitions.DeferAsync(run.Id, robot.Id, robot.Status, reason);
            logger.LogWarning("Queued run {RunId} of task {TaskId} was rate-limited by ShadowBot; it waits for a later pass: {Reason}", run.RunId, task.Id, reason);
            return false;
        }

        await transitions.NotStartedAsync(run.Id, robot.Id, robot.Status, reason);
        logger.LogWarning("Queued run {RunId} of task {TaskId} was not taken by robot {Account}: {Reason}", run.RunId, task.Id, robot.ShadowBotAccount, reason);
        return false;
    }

    private sealed record InFlight(DispatchRun Run, TimeSpan? RunTimeout);

    private sealed record Claim(DispatchRun Run, RobotTask Task, Account Robot);
}

/// <summary>What one dispatch pass did: runs expired, ended by their robot's report, judged lost, started, and not taken by their robot.</summary>
public sealed record DispatchPass(int Expired, int Settled, int Lost, int Started, int NotStarted);
