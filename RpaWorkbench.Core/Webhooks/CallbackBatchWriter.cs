using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Live;

namespace RpaWorkbench.Core.Webhooks;

/// <summary>Writes a batch of callbacks in one transaction and returns a receipt per callback, in order.</summary>
public sealed class CallbackBatchWriter(IDbContextFactory<WorkbenchDbContext> contexts, TimeProvider clock)
{
    /// <summary>Commits the batch (durably) and returns the receipts and the events to publish.</summary>
    public async Task<(IReadOnlyList<CallbackReceipt> Receipts, IReadOnlyList<WorkbenchEvent> Events)> WriteAsync(
        IReadOnlyList<Callback> callbacks, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        var batch = await LoadAsync(db, callbacks, cancellationToken);
        var receipts = callbacks.Select(batch.Apply).ToList();
        await SaveAsync(db, transaction, batch, cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        return (receipts.Select(receipt => receipt()).ToList(), batch.Events());
    }

    // Everything the batch can touch, in three queries: accounts by name, their tasks (and sent task ids), stored runs.
    private async Task<CallbackBatch> LoadAsync(WorkbenchDbContext db, IReadOnlyList<Callback> callbacks, CancellationToken cancellationToken)
    {
        var names = callbacks.Select(c => c.Robot.Account).Distinct().ToList();
        var accounts = await db.Accounts.AsNoTracking().Where(a => names.Contains(a.ShadowBotAccount)).ToListAsync(cancellationToken);

        var accountIds = accounts.Select(a => a.Id).ToList();
        var taskIds = callbacks.Select(TaskIdOf).OfType<long>().Distinct().ToList();
        var tasks = await db.Tasks.AsNoTracking()
            .Where(t => accountIds.Contains(t.AccountId) || taskIds.Contains(t.Id))
            .ToListAsync(cancellationToken);

        var runKeys = callbacks.OfType<ExecutionCallback>().Select(c => c.DedupKey).Distinct().ToList();
        var storedRuns = runKeys.Count == 0
            ? []
            : await db.ExecutionLogs.Where(l => runKeys.Contains(l.DedupKey!))
                .Select(l => new { l.DedupKey, l.Id })
                .ToDictionaryAsync(l => l.DedupKey!, l => l.Id, StringComparer.Ordinal, cancellationToken);

        return new CallbackBatch(accounts, tasks, storedRuns, clock.GetUtcNow().UtcDateTime);
    }

    // New accounts (rare) through EF so they get their ids; everything else through prepared statements.
    private static async Task SaveAsync(WorkbenchDbContext db, IDbContextTransaction transaction, CallbackBatch batch, CancellationToken cancellationToken)
    {
        if (batch.NewAccounts.Count > 0)
        {
            db.Accounts.AddRange(batch.NewAccounts);
            await db.SaveChangesAsync(cancellationToken);
        }

        await using var rows = new CallbackRowWriter(db.Database.GetDbConnection(), transaction.GetDbTransaction());
        foreach (var account in batch.ChangedAccounts)
        {
            await rows.UpdateAsync(account, cancellationToken);
        }

        foreach (var task in batch.ChangedTasks)
        {
            await rows.UpdateAsync(task, cancellationToken);
        }

        foreach (var log in batch.CreatedLogs)
        {
            await rows.InsertAsync(log, cancellationToken);
        }
    }

    private static long? TaskIdOf(Callback callback) => callback switch
    {
        ExecutionCallback execution => execution.TaskId,
        ConfirmCallback confirm => confirm.TaskId,
        _ => null,
    };
}
