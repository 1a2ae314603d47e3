using System.Threading.Channels;
using RpaWorkbench.Core.Live;

namespace RpaWorkbench.Core.Workflows.Engine;

/// <summary>
/// Sends HTTP steps' requests after the commit that marked their attempt running, in the background, and records each
/// outcome only if the attempt is still running at the version it was sent at (a cancel, or another instance's
/// interrupted verdict, wins). The commit that records an outcome also moves its run on (the next step is dispatched
/// in it), so a run does not wait for an engine pass between steps. The runner is the registered
/// <see cref="IWorkflowHttpStepRunner"/>. Outcomes that arrive together are recorded together, up to
/// <see cref="OutcomesPerCommit"/> in one transaction: under load the durable commits, not the requests, are what the
/// database runs short of.
/// </summary>
internal sealed class WorkflowHttpSteps(
    IDbContextFactory<WorkbenchDbContext> contexts,
    IServiceScopeFactory scopes,
    WorkflowRunAdvancer advancer,
    WorkflowFollowUps followUps,
    TimeProvider clock,
    ILogger<WorkflowHttpSteps> logger)
{
    // The run may be changed meanwhile by a pass of its own (a pause asked for): the outcome is recorded on a fresh read.
    private const int RecordTries = 3;
    private const int OutcomesPerCommit = 50;

    private readonly HashSet<Task> _calls = [];
    private readonly Channel<Answered> _answered = Channel.CreateUnbounded<Answered>(new UnboundedChannelOptions { SingleReader = true });
    private int _recorderStarted;

    public void Send(WorkflowHttpCall call)
    {
        if (Interlocked.Exchange(ref _recorderStarted, 1) == 0)
        {
            _ = Task.Run(RecordAnsweredAsync);
        }

        var sending = SendAsync(call);
        lock (_calls)
        {
            _calls.Add(sending);
        }

        sending.ContinueWith(done =>
        {
            lock (_calls)
            {
                _calls.Remove(done);
            }
        }, TaskScheduler.Default);
    }

    /// <summary>Waits for the requests in flight.</summary>
    public Task DrainAsync()
    {
        lock (_calls)
        {
            return Task.WhenAll(_calls);
        }
    }

    private async Task SendAsync(WorkflowHttpCall call)
    {
        WorkflowStepOutcome outcome;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var runner = scope.ServiceProvider.GetRequiredService<IWorkflowHttpStepRunner>();
            outcome = await runner.RunAsync(call.Step, call.Model, call.Timeout, CancellationToken.None);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "The HTTP step of workflow run {RunId} failed to run", call.RunId);
            outcome = new WorkflowStepOutcome(false, null, null, "The request could not be sent: " + ex.Message);
        }

        var answered = new Answered(call, outcome, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        _answered.Writer.TryWrite(answered);
        await answered.Recorded.Task;
    }

    // The one recorder: takes what has been answered so far and records it in one commit.
    private async Task RecordAnsweredAsync()
    {
        var batch = new List<Answered>(OutcomesPerCommit);
        while (await _answered.Reader.WaitToReadAsync())
        {
            while (batch.Count < OutcomesPerCommit && _answered.Reader.TryRead(out var answered))
            {
                batch.Add(answered);
            }

            if (!await TryRecordManyAsync([.. batch.Select(a => (a.Call, a.Outcome))]))
            {
                foreach (var answered in batch)
                {
                    await RecordOneAsync(answered.Call, answered.Outcome);
                }
            }

            batch.ForEach(answered => answered.Recorded.TrySetResult());
            batch.Clear();
        }
    }

    private async Task<bool> TryRecordManyAsync(IReadOnlyList<(WorkflowHttpCall Call, WorkflowStepOutcome Outcome)> batch)
    {
        try
        {
            return await RecordAsync(batch);
        }
        catch (Exception ex)
        {
            logger.LogDebug(ex, "HTTP steps' outcomes could not be recorded together; recording them one by one");
            return false;
        }
    }

    // All in one transaction, each run moved on in it; false (nothing written) when one of the runs changed meanwhile.
    // An outcome whose attempt is no longer running has nothing to record and counts as recorded.
    private async Task<bool> RecordAsync(IReadOnlyList<(WorkflowHttpCall Call, WorkflowStepOutcome Outcome)> batch)
    {
        await using var db = await contexts.CreateDbContextAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var now = clock.GetUtcNow().UtcDateTime;
        var recorded = new List<WorkflowRun>(batch.Count);
        foreach (var (call, outcome) in batch)
        {
            if (await ApplyAsync(db, call, outcome, now) is { } run)
            {
                recorded.Add(run);
            }
        }

        List<WorkflowRunMoves> moved;
        try
        {
            moved = await advancer.MoveAsync(db, recorded, now, CancellationToken.None);
            await transaction.CommitAsync();
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }

        await followUps.AfterCommitAsync(moved, Send);
        return true;
    }

    private async Task RecordOneAsync(WorkflowHttpCall call, WorkflowStepOutcome outcome)
    {
        try
        {
            for (var tries = 1; tries <= RecordTries; tries++)
            {
                if (await RecordAsync([(call, outcome)]))
                {
                    return;
                }
            }
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "The HTTP step's outcome of workflow run {RunId} could not be recorded; its lease will end it as interrupted", call.RunId);
        }
    }

    // Ends the attempt with the outcome and wakes its run (not saved); null when there is nothing to record any more.
    private static async Task<WorkflowRun?> ApplyAsync(WorkbenchDbContext db, WorkflowHttpCall call, WorkflowStepOutcome outcome, DateTime now)
    {
        var attempt = await db.WorkflowStepRuns.SingleOrDefaultAsync(s => s.Id == call.AttemptId && s.Version == call.AttemptVersion
            && s.State == WorkflowStepState.Running);
        var run = await db.WorkflowRuns.SingleOrDefaultAsync(r => r.Id == call.RunId);
        if (attempt is null || run is null)
        {
            return null;
        }

        attempt.Inputs = outcome.Inputs ?? attempt.Inputs;
        WorkflowTransitions.EndAttempt(db, attempt, outcome.Succeeded ? WorkflowStepState.Succeeded : WorkflowStepState.Failed,
            outcome.Succeeded ? null : outcome.Error ?? "The request failed.", outcome.Outputs ?? "{}", now);
        WorkflowTransitions.Wake(run, now);
        return run;
    }

    private sealed record Answered(WorkflowHttpCall Call, WorkflowStepOutcome Outcome, TaskCompletionSource Recorded);
}
