using Microsoft.EntityFrameworkCore;
using RpaWorkbench.Core.Dashboard;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Live;
using RpaWorkbench.Core.Time;

namespace RpaWorkbench.Core.Webhooks;

/// <summary>
/// Writes a batch of callbacks in one transaction and returns a receipt per callback, in order. Used by one thread at
/// a time (the ingest queue's writer); keeps its connection and prepared statements between batches.
/// </summary>
public sealed class CallbackBatchWriter(
    IDbContextFactory<WorkbenchDbContext> contexts, TimeProvider clock, OperatorTime time, WalTail walTail) : IDisposable
{
    private readonly IngestCache _cache = new();
    private WorkbenchDbContext? _db;
    private CallbackStore? _store;

    /// <summary>Commits the batch (durably) and returns the receipts and the events to publish.</summary>
    public (IReadOnlyList<CallbackReceipt> Receipts, IReadOnlyList<WorkbenchEvent> Events) Write(IReadOnlyList<Callback> callbacks)
    {
        var store = Store();
        try
        {
            using var transaction = store.Begin();
            var batch = Load(store, callbacks);
            var receipts = callbacks.Select(batch.Apply).ToList();
            Save(store, batch, time);
            transaction.Commit();
            _cache.Added(batch.NewAccounts);
            return (receipts.Select(receipt => receipt()).ToList(), batch.Events());
        }
        catch
        {
            // Start the next batch on a fresh connection, whatever state this one was left in.
            Dispose();
            throw;
        }
    }

    /// <summary>Between batches, once after each background checkpoint: copies the WAL's last frames (see <see cref="WalTail"/>).</summary>
    public void CheckpointIfDue()
    {
        if (_store is not null && walTail.IsDue())
        {
            _store.Checkpoint();
        }
    }

    public void Dispose()
    {
        _cache.Clear();
        _store?.Dispose();
        _db?.Dispose();
        _store = null;
        _db = null;
    }

    private CallbackStore Store()
    {
        if (_store is null)
        {
            _db = contexts.CreateDbContext();
            _db.Database.OpenConnection();
            _store = new CallbackStore(_db.Database.GetDbConnection());
        }

        return _store;
    }

    // Everything the batch can touch: its accounts by name and their tasks (a sent task id only ever matches one of
    // them), runs already stored.
    private CallbackBatch Load(CallbackStore store, IReadOnlyList<Callback> callbacks)
    {
        _cache.Validate(store.DataVersion());
        var names = callbacks.Select(c => c.Robot.Account).Distinct(StringComparer.Ordinal).ToList();
        var readAccounts = store.AccountsNamedInBulk(names) ?? store.AccountsNamed;
        var accounts = names.SelectMany(name => _cache.AccountsNamed(name, readAccounts)).ToList();
        var readTasks = store.TasksOfInBulk([.. accounts.Select(a => a.Id)]) ?? store.TasksOf;
        var tasks = accounts.SelectMany(a => _cache.TasksOf(a.Id, readTasks)).ToList();
        var storedRuns = store.StoredRuns([.. callbacks.OfType<ExecutionCallback>().Select(c => c.DedupKey).Distinct()]);
        return new CallbackBatch(accounts, tasks, storedRuns, clock.GetUtcNow().UtcDateTime);
    }

    // New accounts first: the logs that follow need their ids. The roll-up is summed in memory: one upsert per day ×
    // account × app the batch touched, not one per log.
    private static void Save(CallbackStore store, CallbackBatch batch, OperatorTime time)
    {
        foreach (var account in batch.NewAccounts)
        {
            store.Insert(account);
        }

        foreach (var account in batch.ChangedAccounts)
        {
            store.Update(account);
        }

        foreach (var task in batch.ChangedTasks)
        {
            store.Update(task);
        }

        foreach (var log in batch.CreatedLogs)
        {
            store.Insert(log);
        }

        store.AddToRollups(RollupBatch.Of(batch.CreatedLogs, time));
    }
}
