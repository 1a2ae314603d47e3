using System.Data.Common;
using Microsoft.Data.Sqlite;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Core.Time;

namespace RpaWorkbench.Core.Webhooks;

/// <summary>
/// The ingest store on a SQLite file. Reads are cheap in-process lookups, one per name, task list and run key, and what
/// they return is kept between batches while no other connection commits (<see cref="IngestCache"/>). Before a batch it
/// copies the WAL's tail when the background checkpoint asks (<see cref="WalTail"/>), so the log can start over.
/// </summary>
internal sealed class SqliteIngestStore(
    IDbContextFactory<WorkbenchDbContext> contexts, OperatorTime time, WalTail walTail, ILogger<SqliteIngestStore> logger) : IIngestStore
{
    private readonly IngestCache _cache = new();
    private readonly LazyIngestConnection<Statements> _connection = new(contexts, time, connection => new Statements(connection));

    /// <summary>
    /// Holds the write lock from the start (BEGIN IMMEDIATE), so no other connection commits between reading
    /// <c>data_version</c> and the batch's reads, and nothing cached can be stale.
    /// </summary>
    public DbTransaction Begin()
    {
        var (connection, statements) = _connection.Open();
        CheckpointWalTailIfDue(statements.Checkpoint);
        var transaction = ((SqliteConnection)connection.Connection).BeginTransaction(deferred: false);
        connection.Enlist(transaction);
        // Changes whenever another connection commits (not with this connection's own commits).
        _cache.Validate(statements.DataVersion.Run());
        return transaction;
    }

    public IngestRows Read(IReadOnlyCollection<string> accountNames, IReadOnlyCollection<string> dedupKeys, IReadOnlyCollection<string> runIds)
    {
        var statements = _connection.Current.Statements;
        var accounts = accountNames.SelectMany(name => _cache.AccountsNamed(name, statements.AccountsNamed)).ToList();
        // Through the cache by account, so a task is one object however it was found.
        var accountIds = accounts.Select(a => a.Id)
            .Concat(runIds.Select(runId => statements.AccountOfRun.Run(runId)).OfType<long>())
            .Distinct();
        var tasks = accountIds.SelectMany(id => _cache.TasksOf(id, statements.TasksOf)).ToList();
        var stored = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var key in dedupKeys)
        {
            if (statements.RunByKey.Run(key) is { } id)
            {
                stored[key] = id;
            }
        }

        return new IngestRows(accounts, tasks, stored);
    }

    public void Save(CallbackBatch batch) => _connection.Current.Connection.Save(batch);

    public void Committed(CallbackBatch batch) => _cache.Added(batch.NewAccounts);

    public void Reset()
    {
        _cache.Clear();
        _connection.Close();
    }

    public void Dispose() => Reset();

    // Between two batches, outside a transaction, while this writer adds nothing to the log: the background checkpoint
    // copies beside a stream of commits and never reaches the log's end by itself.
    private void CheckpointWalTailIfDue(DbCommand checkpoint)
    {
        if (!walTail.IsDue())
        {
            return;
        }

        try
        {
            checkpoint.Transaction = null;
            checkpoint.ExecuteNonQuery();
        }
#pragma warning disable CA1031 // a failed checkpoint loses nothing; the next background one asks again
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Checkpointing the WAL before a batch failed; the next checkpoint tries again");
        }
#pragma warning restore CA1031
    }

    private sealed class Statements(IngestConnection connection)
    {
        private readonly DbCommand _accountsByName = connection.Command(
            $"""SELECT {IngestConnection.AccountColumns} FROM "Accounts" WHERE "ShadowBotAccount" = @Name""", "Name");

        private readonly DbCommand _tasksByAccount = connection.Command(
            $"""SELECT {IngestConnection.TaskColumns} FROM "Tasks" WHERE "AccountId" = @AccountId""", "AccountId");

        public HotStatement AccountOfRun { get; } = connection.Statement("""SELECT "AccountId" FROM "Tasks" WHERE "CurrentRunId" = @RunId""", "RunId");

        public HotStatement RunByKey { get; } = connection.Statement("""SELECT "Id" FROM "ExecutionLogs" WHERE "DedupKey" = @DedupKey""", "DedupKey");

        public HotStatement DataVersion { get; } = connection.Statement("PRAGMA data_version");

        // Runs between transactions: its transaction is cleared first.
        public DbCommand Checkpoint { get; } = connection.Command("PRAGMA wal_checkpoint(PASSIVE)");

        public List<Account> AccountsNamed(string name) => IngestConnection.ReadAll(_accountsByName, IngestConnection.ReadAccount, name);

        public List<RobotTask> TasksOf(long accountId) => IngestConnection.ReadAll(_tasksByAccount, IngestConnection.ReadTask, accountId);
    }
}
