using RpaWorkbench.Core.Batches;
using RpaWorkbench.Core.Dify;
using RpaWorkbench.Core.Tasks;

namespace RpaWorkbench.Core.Dispatch;

/// <summary>
/// The dispatcher's second kind of worker: waiting runs of tasks that call a Dify workflow start without a robot, up
/// to each task's <see cref="DifyTaskSettings.MaxConcurrency"/>, in the queue's order (priority, then first queued).
/// A claimed run is running at once and its workflow call goes on in the background; <see cref="DifyRunner"/> stores
/// the outcome as the run's log, which the next pass settles like a robot's. A crash during the call leaves the run
/// running until its lost verdict (<see cref="DifyOptions.RunTimeout"/> plus the lost grace), and a batch retries it.
/// </summary>
internal sealed class DifyDispatch(
    IDbContextFactory<WorkbenchDbContext> contexts,
    DispatchTransitions transitions,
    IServiceScopeFactory scopes,
    ILogger<DifyDispatch> logger)
{
    private readonly HashSet<Task> _calls = [];

    /// <summary>Starts what may start now; returns how many runs it started.</summary>
    public async Task<int> ServeAsync(DateTime now, CancellationToken cancellationToken)
    {
        List<(DispatchRun Run, RobotTask Task)> waiting;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            waiting = await db.DispatchRuns.AsNoTracking()
                .Where(r => r.State == DispatchRunState.Waiting && r.Task!.Dify != null && (r.NotBefore == null || r.NotBefore <= now)
                    && (r.BatchId == null || r.Batch!.State == BatchState.Running))
                .OrderBy(r => r.Priority).ThenBy(r => r.EnqueuedAt).ThenBy(r => r.Id)
                .Take(200)
                .Select(r => new ValueTuple<DispatchRun, RobotTask>(r, r.Task!))
                .ToListAsync(cancellationToken);
        }

        var started = 0;
        var full = new HashSet<long>();
        foreach (var (run, task) in waiting.Where(w => !full.Contains(w.Task.Id)))
        {
            if (!await transitions.ClaimWithoutRobotAsync(run, task.Dify!.MaxConcurrency, cancellationToken))
            {
                // The task is at its limit (or someone took the run): its later runs wait too.
                full.Add(task.Id);
                continue;
            }

            await transitions.StartedAsync(run.Id, jobUuid: null);
            Track(CallAsync(run, task));
            started++;
        }

        return started;
    }

    /// <summary>Waits for the workflow calls in flight (tests; a stopping host lets them run out).</summary>
    public Task DrainAsync()
    {
        lock (_calls)
        {
            return Task.WhenAll(_calls);
        }
    }

    private async Task CallAsync(DispatchRun run, RobotTask task)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DifyRunner>().RunAsync(run, task, CancellationToken.None);
        }
        catch (Exception ex)
        {
            // E.g. the key ring that encrypted the app key is gone: the run stays running until its lost verdict.
            logger.LogError(ex, "The Dify workflow of queued run {RunId} (task {TaskId}) could not be run", run.RunId, task.Id);
        }
    }

    private void Track(Task call)
    {
        lock (_calls)
        {
            _calls.Add(call);
        }

        call.ContinueWith(done =>
        {
            lock (_calls)
            {
                _calls.Remove(done);
            }
        }, TaskScheduler.Default);
    }
}
