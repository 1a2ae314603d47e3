using RpaWorkbench.Core.Live;

namespace RpaWorkbench.Core.Workflows.Engine;

/// <summary>
/// Sends HTTP steps' requests after the commit that marked their attempt running, in the background, and records each
/// outcome in a new transaction only if the attempt is still running at the version it was sent at (a cancel, or
/// another instance's interrupted verdict, wins). The runner is the registered <see cref="IWorkflowHttpStepRunner"/>.
/// </summary>
internal sealed class WorkflowHttpSteps(
    IDbContextFactory<WorkbenchDbContext> contexts,
    IServiceScopeFactory scopes,
    IWorkbenchEvents events,
    TimeProvider clock,
    ILogger<WorkflowHttpSteps> logger)
{
    // The run may be changed meanwhile by a pass of its own (a pause asked for): the outcome is recorded on a fresh read.
    private const int RecordTries = 3;

    private readonly HashSet<Task> _calls = [];

    public void Send(WorkflowHttpCall call)
    {
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

        try
        {
            for (var tries = 1; tries <= RecordTries; tries++)
            {
                if (await RecordAsync(call, outcome))
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

    // True when recorded, or when there is nothing to record any more; false when the run changed meanwhile.
    private async Task<bool> RecordAsync(WorkflowHttpCall call, WorkflowStepOutcome outcome)
    {
        await using var db = await contexts.CreateDbContextAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var attempt = await db.WorkflowStepRuns.SingleOrDefaultAsync(s => s.Id == call.AttemptId && s.Version == call.AttemptVersion
            && s.State == WorkflowStepState.Running);
        var run = await db.WorkflowRuns.SingleOrDefaultAsync(r => r.Id == call.RunId);
        if (attempt is null || run is null)
        {
            return true;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        attempt.Inputs = outcome.Inputs ?? attempt.Inputs;
        WorkflowTransitions.EndAttempt(db, attempt, outcome.Succeeded ? WorkflowStepState.Succeeded : WorkflowStepState.Failed,
            outcome.Succeeded ? null : outcome.Error ?? "The request failed.", outcome.Outputs ?? "{}", now);
        WorkflowTransitions.Wake(run, now);
        try
        {
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }

        events.Publish([new WorkflowRunChanged(run.Id, run.WorkflowId)]);
        return true;
    }
}
