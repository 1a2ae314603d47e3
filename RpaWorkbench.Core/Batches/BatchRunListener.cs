using RpaWorkbench.Core.Dispatch;
using RpaWorkbench.Core.Executions;

namespace RpaWorkbench.Core.Batches;

/// <summary>
/// Moves a batch item on when its run starts or ends, inside the dispatcher's transaction (<see cref="IDispatchRunListener"/>).
/// The robot's word on the work is final (completed → successful, failed → failed, retried only by an operator);
/// system failures (timed out, lost, never started) are retried up to the batch's <see cref="Batch.MaxRetries"/> with
/// an exponential backoff (<see cref="BatchOptions.BackoffAfter"/>), then abandoned; a run that expired in the queue
/// abandons its item. When no item is left to run, the batch completes.
/// </summary>
public sealed class BatchRunListener(IOptions<BatchOptions> options, TimeProvider clock) : IDispatchRunListener
{
    public async Task StartedAsync(WorkbenchDbContext db, DispatchRun run, CancellationToken cancellationToken)
    {
        if (await ItemOfAsync(db, run, cancellationToken) is { } item)
        {
            item.Start(run.Attempt, run.RunId, run.StartedAt ?? Now());
        }
    }

    public async Task EndedAsync(WorkbenchDbContext db, DispatchRun run, string? outputs, CancellationToken cancellationToken)
    {
        if (await ItemOfAsync(db, run, cancellationToken) is not { } item)
        {
            return;
        }

        var batch = await db.Batches.SingleAsync(b => b.Id == item.BatchId, cancellationToken);
        var now = Now();
        var cancelled = batch.State == BatchState.Cancelled;
        switch (run.State, run.Outcome)
        {
            case (DispatchRunState.Ended, ExecutionStatus.Completed):
                item.Outputs = outputs;
                item.End(BatchItemState.Successful, null, now);
                break;
            case (DispatchRunState.Ended, ExecutionStatus.Failed):
                item.Outputs = outputs;
                item.End(BatchItemState.Failed, run.Error ?? "The robot reported the run failed.", now);
                break;
            case (DispatchRunState.Ended, ExecutionStatus.Stopped):
                item.End(cancelled ? BatchItemState.Cancelled : BatchItemState.Failed, run.Error ?? "The run was stopped.", now);
                break;
            case (DispatchRunState.Cancelled, _):
                item.End(BatchItemState.Cancelled, run.Error, now);
                break;
            case (DispatchRunState.Expired, _):
                item.End(BatchItemState.Abandoned, run.Error ?? "It waited in the queue longer than the batch's wait timeout.", now);
                break;
            default:
                // Timed out, lost, or never started: a system failure, retried unless the batch is cancelled.
                SystemFailure(db, batch, item, run, cancelled, now);
                break;
        }

        if (batch.State is BatchState.Running or BatchState.Paused && !await AnyOpenAsync(db, batch.Id, cancellationToken))
        {
            batch.State = BatchState.Completed;
            batch.FinishedAt = now;
        }

        batch.UpdatedAt = now;
        batch.Version++;
    }

    private void SystemFailure(WorkbenchDbContext db, Batch batch, BatchItem item, DispatchRun run, bool cancelled, DateTime now)
    {
        var error = run.Error ?? (run.Outcome is { } outcome ? $"The run ended {ContractName.Of(outcome)}." : "The run could not be started.");
        if (cancelled)
        {
            item.End(BatchItemState.Cancelled, error, now);
        }
        else if (run.Attempt <= batch.MaxRetries)
        {
            var next = run.Attempt + 1;
            db.DispatchRuns.Add(BatchRuns.Next(run, batch, item, next, now, now + options.Value.BackoffAfter(run.Attempt)));
            item.End(BatchItemState.Retried, error, now);
        }
        else
        {
            item.End(BatchItemState.Abandoned, error, now);
        }
    }

    // Items changed earlier in this transaction (the dispatcher may end several runs in one) count as they are now, not as stored.
    private static async Task<bool> AnyOpenAsync(WorkbenchDbContext db, long batchId, CancellationToken cancellationToken)
    {
        var tracked = db.ChangeTracker.Entries<BatchItem>().Select(e => e.Entity).Where(i => i.BatchId == batchId).ToList();
        if (tracked.Any(i => BatchItem.IsOpen(i.State)))
        {
            return true;
        }

        var trackedIds = tracked.Select(i => i.Id).ToList();
        return await db.BatchItems.AnyAsync(i => i.BatchId == batchId && !trackedIds.Contains(i.Id)
            && (i.State == BatchItemState.New || i.State == BatchItemState.InProgress || i.State == BatchItemState.Retried), cancellationToken);
    }

    // The item of this run when the run is a batch's and its current attempt (a stale attempt's late news changes nothing).
    private static async Task<BatchItem?> ItemOfAsync(WorkbenchDbContext db, DispatchRun run, CancellationToken cancellationToken)
    {
        if (run.BatchItemId is not { } itemId)
        {
            return null;
        }

        var item = await db.BatchItems.SingleOrDefaultAsync(i => i.Id == itemId, cancellationToken);
        return item is null || run.Attempt < item.Attempts ? null : item;
    }

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
