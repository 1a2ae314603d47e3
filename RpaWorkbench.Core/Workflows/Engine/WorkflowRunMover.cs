using RpaWorkbench.Core.Live;

namespace RpaWorkbench.Core.Workflows.Engine;

/// <summary>
/// Moves a run its caller has just changed as far as it can go now, in the caller's transaction, so a started run's
/// first step (or, from the dispatcher's listener, the step after a robot run) is dispatched in the commit that made it
/// due instead of waiting for an engine pass. Where the engine is off on this instance (<see cref="WorkflowOptions.Enabled"/>), nothing moves here:
/// the run is left for the instance that runs it.
/// </summary>
internal sealed class WorkflowRunMover(
    WorkflowRunAdvancer advancer,
    WorkflowFollowUps followUps,
    WorkflowHttpSteps http,
    IWorkbenchEvents events,
    IOptions<WorkflowOptions> options)
{
    /// <summary>Moves <paramref name="run"/> (tracked by <paramref name="db"/>, saved, not committed); returns what to do once the caller has committed.</summary>
    /// <exception cref="DbUpdateConcurrencyException">The run changed since it was read.</exception>
    public async Task<Func<Task>> MoveAsync(WorkbenchDbContext db, WorkflowRun run, DateTime now, CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            return () =>
            {
                events.Publish([new WorkflowRunChanged(run.Id, run.WorkflowId)]);
                return Task.CompletedTask;
            };
        }

        var moved = await advancer.MoveAsync(db, [run], now, cancellationToken);
        return () => followUps.AfterCommitAsync(moved, http.Send);
    }
}
