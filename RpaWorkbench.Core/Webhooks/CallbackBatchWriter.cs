using RpaWorkbench.Core.Live;

namespace RpaWorkbench.Core.Webhooks;

/// <summary>
/// Writes a batch of callbacks in one transaction and returns a receipt per callback, in order. Used by one thread at
/// a time (the ingest queue's writer). What differs between the databases is behind <see cref="IIngestStore"/>.
/// </summary>
public sealed class CallbackBatchWriter : IDisposable
{
    private readonly IIngestStore _store;
    private readonly TimeProvider _clock;

    internal CallbackBatchWriter(IIngestStore store, TimeProvider clock)
    {
        _store = store;
        _clock = clock;
    }

    /// <summary>Commits the batch (durably) and returns the receipts and the events to publish.</summary>
    public (IReadOnlyList<CallbackReceipt> Receipts, IReadOnlyList<WorkbenchEvent> Events) Write(IReadOnlyList<Callback> callbacks)
    {
        try
        {
            using var transaction = _store.Begin();
            var rows = _store.Read(
                [.. callbacks.Select(c => c.Robot.Account).Distinct(StringComparer.Ordinal)],
                [.. callbacks.OfType<ExecutionCallback>().Select(c => c.DedupKey).Distinct()],
                [.. callbacks.OfType<ExecutionCallback>().Where(c => c.ShadowBotJobUuid is not null).Select(c => c.ExecutionId!).Distinct()]);
            var batch = new CallbackBatch(rows.Accounts, rows.Tasks, rows.StoredRuns, _clock.GetUtcNow().UtcDateTime);
            var receipts = callbacks.Select(batch.Apply).ToList();
            _store.Save(batch);
            transaction.Commit();
            _store.Committed(batch);
            return (receipts.Select(receipt => receipt()).ToList(), batch.Events());
        }
        catch
        {
            // Start the next batch on a fresh connection, whatever state this one was left in.
            _store.Reset();
            throw;
        }
    }

    public void Dispose() => _store.Dispose();
}
