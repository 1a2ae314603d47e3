using System.Collections.Concurrent;
using RpaWorkbench.Core.Dispatch;
using RpaWorkbench.Core.Executions;

namespace RpaWorkbench.Core.Workflows.Engine;

/// <summary>
/// Ends a robot run or Dify step's attempt when its queued run ends, inside the dispatcher's transaction
/// (<see cref="IDispatchRunListener"/>), and moves the workflow run on in the same commit (the next step is
/// dispatched in it); what follows (events, an HTTP step's request) is done once the dispatcher has committed. Runs
/// that are not a workflow step's, and news of an attempt no longer running (timed out or cancelled meanwhile), change
/// nothing.
/// </summary>
internal sealed class WorkflowDispatchListener(WorkflowRunMover mover, TimeProvider clock) : IDispatchRunListener
{
    // What follows the moves made inside a dispatcher's transaction, by queued run, until it commits. A move rolled back
    // leaves its entry behind, never followed up: a queued run ends once.
    private readonly ConcurrentDictionary<long, Func<Task>> _uncommitted = new();

    public async Task StartedAsync(WorkbenchDbContext db, DispatchRun run, CancellationToken cancellationToken)
    {
        if (await AttemptOfAsync(db, run, cancellationToken) is { } attempt)
        {
            WorkflowRunLog.Add(db, attempt.RunId, attempt.Id, WorkflowLogLevel.Info,
                $"Step \"{attempt.StepName}\" attempt {attempt.Attempt}: run {run.RunId} started.", run.StartedAt ?? Now());
        }
    }

    public async Task EndedAsync(WorkbenchDbContext db, DispatchRun run, string? outputs, CancellationToken cancellationToken)
    {
        if (await AttemptOfAsync(db, run, cancellationToken) is not { } attempt)
        {
            return;
        }

        var now = Now();
        var (state, error) = (run.State, run.Outcome) switch
        {
            (DispatchRunState.Ended, ExecutionStatus.Completed) => (WorkflowStepState.Succeeded, null),
            (DispatchRunState.Ended, ExecutionStatus.Failed) => (WorkflowStepState.Failed, run.Error ?? "The robot reported the run failed."),
            (DispatchRunState.Ended, ExecutionStatus.TimedOut) => (WorkflowStepState.TimedOut, run.Error ?? "The run timed out."),
            (DispatchRunState.Ended, ExecutionStatus.Lost) => (WorkflowStepState.Failed, run.Error ?? "The run was lost: no robot reported its end."),
            (DispatchRunState.Ended, ExecutionStatus.Stopped) => (WorkflowStepState.Failed, run.Error ?? "The run was stopped."),
            (DispatchRunState.Ended, null) => (WorkflowStepState.Failed, "The run could not be started: " + (run.Error ?? "the robot did not accept it.")),
            (DispatchRunState.Expired, _) => (WorkflowStepState.TimedOut, run.Error ?? "The run waited for a robot past its wait time-out."),
            _ => (WorkflowStepState.Failed, run.Error ?? "The queued run was cancelled."),
        };
        WorkflowTransitions.EndAttempt(db, attempt, state, error, state == WorkflowStepState.Succeeded ? outputs ?? "{}" : outputs, now);
        var workflowRun = await db.WorkflowRuns.SingleAsync(r => r.Id == attempt.RunId, cancellationToken);
        WorkflowTransitions.Wake(workflowRun, now);
        _uncommitted[run.Id] = await mover.MoveAsync(db, workflowRun, now, cancellationToken);
    }

    public Task CommittedAsync(DispatchRun run) => _uncommitted.TryRemove(run.Id, out var afterCommit) ? afterCommit() : Task.CompletedTask;

    private static Task<WorkflowStepRun?> AttemptOfAsync(WorkbenchDbContext db, DispatchRun run, CancellationToken cancellationToken) =>
        run.BatchItemId is not null
            ? Task.FromResult<WorkflowStepRun?>(null)
            : db.WorkflowStepRuns.SingleOrDefaultAsync(s => s.DispatchRunId == run.Id && s.State == WorkflowStepState.Running, cancellationToken);

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
