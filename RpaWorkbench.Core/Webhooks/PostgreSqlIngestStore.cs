using System.Data.Common;
using RpaWorkbench.Core.Time;
using static RpaWorkbench.Core.Data.PreparedCommands;

namespace RpaWorkbench.Core.Webhooks;

/// <summary>
/// The ingest store on a PostgreSQL server. Every statement is a round trip, so a batch's reads are one statement each
/// (<c>= ANY(@keys)</c>), not one per callback; the rows read stay locked until the batch commits. Nothing is kept from
/// one batch to the next: there is no cheap counter of other writers' commits, and another instance may write at any
/// time. The server keeps its own log tidy: no upkeep between batches.
/// </summary>
internal sealed class PostgreSqlIngestStore(IDbContextFactory<WorkbenchDbContext> contexts, OperatorTime time) : IIngestStore
{
    // Any constant: the key of the advisory lock the ingest writers of every instance take in turn ("WBINGEST").
    private const long IngestLockKey = 0x5742_494E_4745_5354;

    private readonly LazyIngestConnection<Statements> _connection = new(contexts, time, connection => new Statements(connection));

    /// <summary>The ingest writers of every instance take turns on an advisory lock held until the batch commits.</summary>
    public DbTransaction Begin()
    {
        var (connection, statements) = _connection.Open();
        var transaction = connection.Connection.BeginTransaction();
        connection.Enlist(transaction);
        Bind(statements.IngestLock, IngestLockKey);
        statements.IngestLock.ExecuteNonQuery();
        return transaction;
    }

    public IngestRows Read(IReadOnlyCollection<string> accountNames, IReadOnlyCollection<string> dedupKeys, IReadOnlyCollection<string> runIds)
    {
        var statements = _connection.Current.Statements;
        var accounts = IngestConnection.ReadAll(statements.AccountsByNames, IngestConnection.ReadAccount, accountNames.ToArray());
        var accountIds = accounts.Select(a => a.Id).ToHashSet();
        if (runIds.Count > 0)
        {
            accountIds.UnionWith(IngestConnection.ReadAll(statements.AccountsOfRuns, row => row.GetInt64(0), runIds.ToArray()));
        }

        var tasks = IngestConnection.ReadAll(statements.TasksByAccounts, IngestConnection.ReadTask, accountIds.ToArray());
        var stored = new Dictionary<string, long>(StringComparer.Ordinal);
        Bind(statements.RunsByKeys, [dedupKeys.ToArray()]);
        using var reader = statements.RunsByKeys.ExecuteReader();
        while (reader.Read())
        {
            stored[reader.GetString(0)] = reader.GetInt64(1);
        }

        return new IngestRows(accounts, tasks, stored);
    }

    public void Save(CallbackBatch batch) => _connection.Current.Connection.Save(batch);

    public void Committed(CallbackBatch batch)
    {
    }

    public void Reset() => _connection.Close();

    public void Dispose() => Reset();

    // FOR UPDATE: the rows the batch reads stay locked until it commits, as SQLite's one writer has them to itself.
    private sealed class Statements(IngestConnection connection)
    {
        public DbCommand IngestLock { get; } = connection.Command("SELECT pg_advisory_xact_lock(@Key)", "Key");

        public DbCommand AccountsByNames { get; } = connection.Command(
            $"""SELECT {IngestConnection.AccountColumns} FROM "Accounts" WHERE "ShadowBotAccount" = ANY(@Names) FOR UPDATE""", "Names");

        public DbCommand TasksByAccounts { get; } = connection.Command(
            $"""SELECT {IngestConnection.TaskColumns} FROM "Tasks" WHERE "AccountId" = ANY(@AccountIds) FOR UPDATE""", "AccountIds");

        public DbCommand AccountsOfRuns { get; } = connection.Command(
            """SELECT DISTINCT "AccountId" FROM "Tasks" WHERE "CurrentRunId" = ANY(@RunIds)""", "RunIds");

        public DbCommand RunsByKeys { get; } = connection.Command(
            """SELECT "DedupKey", "Id" FROM "ExecutionLogs" WHERE "DedupKey" = ANY(@DedupKeys)""", "DedupKeys");
    }
}
