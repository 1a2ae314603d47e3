using RpaWorkbench.Core.Dispatch;
using RpaWorkbench.Core.Live;

namespace RpaWorkbench.Core.Workflows.Engine;

/// <summary>
/// What follows a commit that moved workflow runs, whoever committed it (an engine pass, the HTTP step recorder): the
/// changes are published in one batch, HTTP steps' requests are sent, and robot runs whose step timed out are stopped.
/// </summary>
internal sealed class WorkflowFollowUps(IWorkbenchEvents events, InFlightRuns inFlight)
{
    /// <param name="send">Sends an HTTP step's request (<see cref="WorkflowHttpSteps.Send"/>).</param>
    public async Task AfterCommitAsync(IReadOnlyCollection<WorkflowRunMoves> moved, Action<WorkflowHttpCall> send)
    {
        if (moved.Count == 0)
        {
            return;
        }

        IEnumerable<WorkbenchEvent> changes = moved.Select(moves => new WorkflowRunChanged(moves.Run.Id, moves.Run.WorkflowId));
        events.Publish([.. moved.Any(moves => moves.QueueChanged) ? changes.Append(new QueueChanged(null)) : changes]);
        foreach (var call in moved.SelectMany(moves => moves.HttpCalls))
        {
            send(call);
        }

        var toStop = moved.SelectMany(moves => moves.ToStop).ToList();
        if (toStop.Count > 0)
        {
            await inFlight.StopAsync(toStop, "a timed-out workflow step");
        }
    }
}
