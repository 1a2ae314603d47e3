using RpaWorkbench.Core.Dispatch;

namespace RpaWorkbench.Core.Workflows.Engine;

/// <summary>
/// Advances one due run in its own transaction as far as it can go now: dispatches its pending attempt, times out an
/// attempt past its deadline (or an HTTP request past its lease), and moves on after an ended attempt, then sets when
/// to look again. The run's <see cref="WorkflowRun.Version"/> is bumped once, so of two instances advancing the same run
/// one commits and the other's commit is refused.
/// </summary>
internal sealed class WorkflowRunAdvancer(
    IDbContextFactory<WorkbenchDbContext> contexts,
    WorkflowStepStarter starter,
    IOptions<WorkflowOptions> options,
    TimeProvider clock)
{
    // A run whose steps all end at once (waits already over, failures that go to an earlier step) yields after this many moves.
    private const int MovesPerCommit = 20;

    /// <summary>What the commit did, for the events and the work after it; null when the run was not due or another instance won the race.</summary>
    public async Task<WorkflowRunMoves?> AdvanceAsync(long runId, CancellationToken cancellationToken) =>
        await AdvanceManyAsync([runId], cancellationToken) is [var moves] ? moves : null;

    /// <summary>
    /// Advances the due ones of <paramref name="runIds"/> in ONE transaction (one durable commit for all, the SQLite
    /// writer's scarce resource under load); null when any of them lost a race to another instance or a listener: then
    /// nothing was written and the caller advances them one by one.
    /// </summary>
    public async Task<IReadOnlyList<WorkflowRunMoves>?> AdvanceManyAsync(IReadOnlyCollection<long> runIds, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var runs = await db.WorkflowRuns.Where(r => runIds.Contains(r.Id) && r.State == WorkflowRunState.Running && r.NextWakeAt <= now)
            .OrderBy(r => r.NextWakeAt).ToListAsync(cancellationToken);
        try
        {
            var all = await MoveAsync(db, runs, now, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return all;
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another instance advanced one of these runs (or a listener woke it) first: the next pass reads what it did.
            return null;
        }
    }

    /// <summary>
    /// Moves the tracked <paramref name="runs"/> as far as each can go now, in the caller's transaction: saved, not
    /// committed. The HTTP step recorder uses it to start the next step in the commit that records an answer.
    /// </summary>
    /// <exception cref="DbUpdateConcurrencyException">A run changed since it was read.</exception>
    public async Task<List<WorkflowRunMoves>> MoveAsync(WorkbenchDbContext db, IReadOnlyList<WorkflowRun> runs, DateTime now, CancellationToken cancellationToken)
    {
        var versionIds = runs.Select(r => r.WorkflowVersionId).Distinct().ToList();
        var definitions = await db.WorkflowVersions.AsNoTracking().Where(v => versionIds.Contains(v.Id))
            .ToDictionaryAsync(v => v.Id, v => v.Definition, cancellationToken);
        var runIds = runs.Select(r => r.Id).ToList();
        var attempts = (await db.WorkflowStepRuns.Where(s => runIds.Contains(s.RunId)).ToListAsync(cancellationToken)).ToLookup(s => s.RunId);
        var all = new List<WorkflowRunMoves>(runs.Count);
        foreach (var run in runs)
        {
            var moves = new WorkflowRunMoves(db, run, definitions[run.WorkflowVersionId], attempts[run.Id].ToList(), now);
            run.UpdatedAt = now;
            run.Version++;
            for (var move = 0; move < MovesPerCommit && await MoveAsync(moves, cancellationToken); move++)
            {
                // Saved move by move: a new attempt gets its id before its log lines name it.
                await db.SaveChangesAsync(cancellationToken);
            }

            run.NextWakeAt = moves.NextWakeAt();
            await db.SaveChangesAsync(cancellationToken);
            all.Add(moves);
        }

        return all;
    }

    // One move of the state machine; false when the run must wait (or ended).
    private async Task<bool> MoveAsync(WorkflowRunMoves moves, CancellationToken cancellationToken)
    {
        var (db, run, now) = (moves.Db, moves.Run, moves.Now);
        if (run.State != WorkflowRunState.Running)
        {
            return false;
        }

        if (moves.Current is not { } attempt)
        {
            WorkflowTransitions.Fail(db, run, "The run has no step to run.", now);
            return false;
        }

        switch (attempt.State)
        {
            case WorkflowStepState.Pending when run.PauseRequested:
                WorkflowTransitions.Pause(db, run, now);
                return false;
            case WorkflowStepState.Pending when attempt.NotBefore > now:
                return false;
            case WorkflowStepState.Pending when moves.Attempts.Count > options.Value.MaxAttemptsPerRun:
                var error = $"The run made {moves.Attempts.Count - 1} step attempts, the most one run may make "
                    + $"({WorkflowOptions.SectionName}:{nameof(WorkflowOptions.MaxAttemptsPerRun)}); does a go-to loop never end?";
                WorkflowTransitions.EndAttempt(db, attempt, WorkflowStepState.Cancelled, error, null, now);
                WorkflowTransitions.Fail(db, run, error, now);
                return false;
            case WorkflowStepState.Pending:
                await starter.StartAsync(moves, attempt, cancellationToken);
                return true;
            case WorkflowStepState.Running or WorkflowStepState.Waiting when attempt.LeaseUntil <= now:
                WorkflowTransitions.EndAttempt(db, attempt, WorkflowStepState.Failed,
                    "The HTTP request was interrupted: the Workbench that sent it stopped before recording its answer.", null, now);
                return true;
            case WorkflowStepState.Running or WorkflowStepState.Waiting when attempt.DueAt <= now:
                await DueAsync(moves, attempt, cancellationToken);
                return true;
            case WorkflowStepState.Running or WorkflowStepState.Waiting or WorkflowStepState.Cancelled:
                return false;
            default:
                WorkflowTransitions.AfterEnded(db, run, moves.Definition, moves.Attempts, attempt, now);
                return true;
        }
    }

    // A wait is over; anything else ran out of time (a robot run still queued leaves the queue, one in flight is stopped after the commit).
    private static async Task DueAsync(WorkflowRunMoves moves, WorkflowStepRun attempt, CancellationToken cancellationToken)
    {
        var step = moves.StepOf(attempt);
        switch (step.Kind)
        {
            case WorkflowStepKind.Wait:
                WorkflowTransitions.EndAttempt(moves.Db, attempt, WorkflowStepState.Succeeded, null, "{}", moves.Now);
                return;
            case WorkflowStepKind.Approval:
                WorkflowTransitions.EndAttempt(moves.Db, attempt, WorkflowStepState.TimedOut, "No decision before the deadline.", null, moves.Now);
                return;
        }

        var error = $"The step did not finish within its time-out ({step.TimeoutSeconds} s).";
        if (attempt.DispatchRunId is { } dispatched)
        {
            var now = moves.Now;
            var cancelled = await InFlightRuns.CancelWaitingAsync(moves.Db.DispatchRuns.Where(r => r.Id == dispatched), now, "Its workflow step timed out.", cancellationToken);
            moves.QueueChanged |= cancelled > 0;
            moves.ToStop.AddRange(await InFlightRuns.OfAsync(moves.Db.DispatchRuns.Where(r => r.Id == dispatched), cancellationToken));
        }

        WorkflowTransitions.EndAttempt(moves.Db, attempt, WorkflowStepState.TimedOut, error, null, moves.Now);
    }
}
