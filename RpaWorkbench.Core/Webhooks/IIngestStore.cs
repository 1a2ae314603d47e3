using System.Data.Common;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Tasks;

namespace RpaWorkbench.Core.Webhooks;

/// <summary>
/// The ingest writer's database: the one seam between the group commit (<see cref="CallbackIngestQueue"/>,
/// <see cref="CallbackBatchWriter"/>) and the provider. <see cref="SqliteIngestStore"/> and
/// <see cref="PostgreSqlIngestStore"/> each own their connection, what they keep between batches, how they read a
/// batch's rows and the upkeep their database needs (SQLite: the WAL's tail); the writer knows neither. Used by the
/// writer's one thread; the connection is opened with the first batch and kept.
/// </summary>
internal interface IIngestStore : IDisposable
{
    /// <summary>
    /// Starts a batch's write transaction, which has the ingest to itself from the start (so no two batches adopt the
    /// same new account or store the same run twice, whatever else writes meanwhile).
    /// </summary>
    DbTransaction Begin();

    /// <summary>
    /// Everything a batch can touch, inside its transaction: the accounts with these names, their tasks, the tasks
    /// (with their accounts' other tasks) whose run in progress is one of <paramref name="runIds"/> — a ShadowBot
    /// group's job runs on whichever robot ShadowBot picks, not on the task's account — and runs already stored.
    /// </summary>
    IngestRows Read(IReadOnlyCollection<string> accountNames, IReadOnlyCollection<string> dedupKeys, IReadOnlyCollection<string> runIds);

    /// <summary>Writes what the batch changed (new accounts first: the logs need their ids), and its roll-ups.</summary>
    void Save(CallbackBatch batch);

    /// <summary>After the batch's commit: what it wrote is now what the database holds.</summary>
    void Committed(CallbackBatch batch);

    /// <summary>After a failed batch: drops the connection and everything kept; the next batch starts afresh.</summary>
    void Reset();
}

/// <summary>The rows a batch of callbacks can touch; a sent task id only ever matches one of <see cref="Tasks"/>.</summary>
internal sealed record IngestRows(List<Account> Accounts, List<RobotTask> Tasks, Dictionary<string, long> StoredRuns);
