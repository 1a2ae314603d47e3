using RpaWorkbench.Core.Audit;
using RpaWorkbench.Core.Dispatch;
using RpaWorkbench.Core.Live;
using RpaWorkbench.Core.Robots;

namespace RpaWorkbench.Core.Batches;

public sealed partial class BatchService
{
    /// <summary>Stops dispatching the running batch's items; runs in flight finish.</summary>
    public Task<BatchDetail> PauseAsync(long id, CancellationToken cancellationToken) =>
        SwitchAsync(id, AuditActions.BatchPaused, BatchState.Running, BatchState.Paused, BatchErrorCodes.NotRunning, "Only a running batch can be paused.", cancellationToken);

    /// <summary>Dispatches the paused batch's items again.</summary>
    public Task<BatchDetail> ResumeAsync(long id, CancellationToken cancellationToken) =>
        SwitchAsync(id, AuditActions.BatchResumed, BatchState.Paused, BatchState.Running, BatchErrorCodes.NotPaused, "Only a paused batch can be resumed.", cancellationToken);

    /// <summary>
    /// Cancels a running or paused batch: its waiting runs and the items not yet started are cancelled at once; the
    /// runs in flight are asked to stop (best effort), and their items become cancelled when the runs end.
    /// </summary>
    public Task<BatchDetail> CancelAsync(long id, CancellationToken cancellationToken) =>
        ActAsync(id, AuditActions.BatchCancelled, async (db, batch, now) =>
        {
            if (batch.State is BatchState.Completed or BatchState.Cancelled)
            {
                throw new RuleViolationException(BatchErrorCodes.Finished, $"The batch is already {ContractName.Of(batch.State)}; there is nothing to cancel.");
            }

            batch.State = BatchState.Cancelled;
            batch.FinishedAt = now;
            await InFlightRuns.CancelWaitingAsync(db.DispatchRuns.Where(r => r.BatchId == id), now, "The batch was cancelled.", cancellationToken);
            await db.BatchItems.Where(i => i.BatchId == id && (i.State == BatchItemState.New || i.State == BatchItemState.Retried))
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.State, BatchItemState.Cancelled).SetProperty(i => i.EndedAt, now)
                    .SetProperty(i => i.Version, i => i.Version + 1), cancellationToken);
            return await InFlightRuns.OfAsync(db.DispatchRuns.Where(r => r.BatchId == id), cancellationToken);
        }, cancellationToken);

    /// <summary>Gives every failed and abandoned item of the batch a new attempt and makes the batch running again.</summary>
    public Task<BatchDetail> RetryFailedAsync(long id, CancellationToken cancellationToken) =>
        ActAsync(id, AuditActions.BatchFailedRetried, async (db, batch, now) =>
        {
            if (batch.State == BatchState.Cancelled)
            {
                throw new RuleViolationException(BatchErrorCodes.Finished, "The batch was cancelled; its items cannot be retried.");
            }

            var retried = 0;
            var items = db.BatchItems.Where(i => i.BatchId == id && (i.State == BatchItemState.Failed || i.State == BatchItemState.Abandoned))
                .OrderBy(i => i.Id);
            for (List<BatchItem> chunk; (chunk = await items.Take(InsertChunk).ToListAsync(cancellationToken)).Count > 0;)
            {
                var ids = chunk.Select(i => i.Id).ToList();
                var lastRuns = (await db.DispatchRuns.AsNoTracking().Where(r => r.BatchItemId != null && ids.Contains(r.BatchItemId.Value))
                        .ToListAsync(cancellationToken))
                    .GroupBy(r => r.BatchItemId!.Value)
                    .ToDictionary(g => g.Key, g => g.MaxBy(r => r.Attempt)!);
                foreach (var item in chunk)
                {
                    var last = lastRuns[item.Id];
                    db.DispatchRuns.Add(BatchRuns.Next(last, batch, item, last.Attempt + 1, now, notBefore: null));
                    item.Requeue();
                }

                retried += chunk.Count;
                await db.SaveChangesAsync(cancellationToken);
            }

            if (retried == 0)
            {
                throw new RuleViolationException(BatchErrorCodes.NothingToRetry, "The batch has no failed or abandoned items.");
            }

            batch.State = BatchState.Running;
            batch.FinishedAt = null;
            return [];
        }, cancellationToken);

    // One action: the batch read and changed, the change audited and committed in one transaction, then published;
    // runs to stop are stopped after the commit, so a slow robot never holds the transaction.
    private async Task<BatchDetail> ActAsync(long id, string action,
        Func<WorkbenchDbContext, Batch, DateTime, Task<List<InFlightRun>>> change, CancellationToken cancellationToken)
    {
        user.RequireOperate();
        List<InFlightRun> toStop;
        long taskId;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var batch = await db.Batches.SingleOrDefaultAsync(b => b.Id == id, cancellationToken) ?? throw NotFound(id);
            var before = batch.State;
            var now = clock.GetUtcNow().UtcDateTime;
            toStop = await change(db, batch, now);
            batch.UpdatedAt = now;
            batch.Version++;
            taskId = batch.TaskId;
            audit.Record(db, action, Target(batch), new AuditChanges().Field("state", ContractName.Of(before), ContractName.Of(batch.State)));
            await DbErrors.SaveAsync(db, ConcurrencyConflict, ConcurrencyConflict, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        events.Publish([new BatchChanged(id), new QueueChanged(taskId)]);
        await inFlight.StopAsync(toStop, "a cancelled batch");

        return (await GetAsync(id, cancellationToken))!;
    }

    private Task<BatchDetail> SwitchAsync(long id, string action, BatchState from, BatchState to, string code, string message,
        CancellationToken cancellationToken) =>
        ActAsync(id, action, (_, batch, _) =>
        {
            if (batch.State != from)
            {
                throw new RuleViolationException(code, $"{message} This one is {ContractName.Of(batch.State)}.");
            }

            batch.State = to;
            return Task.FromResult(new List<InFlightRun>());
        }, cancellationToken);
}
