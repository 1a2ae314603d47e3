using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Dashboard;
using RpaWorkbench.Core.Data;
using static RpaWorkbench.Core.Data.PreparedCommands;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Tasks;

namespace RpaWorkbench.Core.Webhooks;

/// <summary>
/// The ingest writer's own connection and statements: prepared once, reused for every batch. At thousands of
/// callbacks a second EF Core's per-query and change-tracking work cost more than SQLite itself; the rules stay in
/// <see cref="CallbackBatch"/>. Synchronous on purpose: it runs on the writer's dedicated thread.
/// </summary>
internal sealed class CallbackStore : IDisposable
{
    private const string AccountColumns =
        "\"Id\", \"ShadowBotAccount\", \"HostIp\", \"Port\", \"Status\", \"RecentApp\", \"EndTime\", \"TaskControl\", " +
        "\"LastHeartbeatAt\", \"Unregistered\", \"CreatedAt\", \"UpdatedAt\", \"Version\"";

    private const string TaskColumns =
        "\"Id\", \"TaskName\", \"AccountId\", \"AppName\", \"Status\", \"LastRunTime\", \"ErrorMessage\", \"CreatedAt\", \"UpdatedAt\", \"CurrentRunId\"";

    private static readonly string[] LogColumns =
    [
        "ExecutionId", "DedupKey", "Text", "AppName", "ShadowBotAccount", "HostIp", "Status", "StartTime", "EndTime",
        "DurationSeconds", "TotalItems", "SuccessItems", "FailedItems", "LogInfo", "Screenshot", "ScreenshotUrl", "LogUrl",
        "LogContent", "ErrorMessage", "TaskId", "AccountId", "CreatedAt",
    ];

    private static readonly string[] NewAccountColumns =
    [
        "ShadowBotAccount", "HostIp", "Port", "Status", "RecentApp", "EndTime", "TaskControl", "LastHeartbeatAt",
        "Unregistered", "CreatedAt", "UpdatedAt", "Version",
    ];

    // Any constant: the key of the PostgreSQL advisory lock ingest writers of every instance take in turn ("WBINGEST").
    private const long IngestLockKey = 0x5742_494E_4745_5354;

    private readonly DbConnection _connection;
    private readonly bool _postgreSql;
    private readonly DbCommand _accountsByName;
    private readonly DbCommand _tasksByAccount;
    private readonly HotStatement _runByKey;
    private readonly DbCommand? _accountsByNames;
    private readonly DbCommand? _tasksByAccounts;
    private readonly DbCommand? _runsByKeys;
    private readonly HotStatement? _dataVersion;
    private readonly DbCommand? _checkpoint;
    private readonly DbCommand? _ingestLock;
    private readonly HotStatement _taskControlOwner;
    private readonly HotStatement _insertAccount;
    private readonly HotStatement _updateAccount;
    private readonly HotStatement _updateTask;
    private readonly HotStatement _insertLog;
    private readonly DbCommand[] _commands;
    private readonly HotStatement[] _statements;
    private readonly RollupWriter _rollups;

    /// <param name="connection">An open connection the store uses alone.</param>
    public CallbackStore(DbConnection connection)
    {
        _connection = connection;
        _postgreSql = WorkbenchDatabase.IsPostgreSql(connection);
        // PostgreSQL: the rows the batch reads stay locked until it commits, as SQLite's one writer has them to itself.
        var forUpdate = _postgreSql ? " FOR UPDATE" : "";
        _accountsByName = Command($"""SELECT {AccountColumns} FROM "Accounts" WHERE "ShadowBotAccount" = @Name{forUpdate}""", "Name");
        _tasksByAccount = Command($"""SELECT {TaskColumns} FROM "Tasks" WHERE "AccountId" = @AccountId{forUpdate}""", "AccountId");
        _runByKey = Statement("""SELECT "Id" FROM "ExecutionLogs" WHERE "DedupKey" = @DedupKey""", "DedupKey");
        if (_postgreSql)
        {
            _ingestLock = Command("SELECT pg_advisory_xact_lock(@Key)", "Key");
            // Each statement is a round trip to the server: a batch's reads are one statement each, not one per callback.
            _accountsByNames = Command($"""SELECT {AccountColumns} FROM "Accounts" WHERE "ShadowBotAccount" = ANY(@Names){forUpdate}""", "Names");
            _tasksByAccounts = Command($"""SELECT {TaskColumns} FROM "Tasks" WHERE "AccountId" = ANY(@AccountIds){forUpdate}""", "AccountIds");
            _runsByKeys = Command("""SELECT "DedupKey", "Id" FROM "ExecutionLogs" WHERE "DedupKey" = ANY(@DedupKeys)""", "DedupKeys");
        }
        else
        {
            _dataVersion = Statement("PRAGMA data_version");
            _checkpoint = Command("PRAGMA wal_checkpoint(PASSIVE)");
        }

        _taskControlOwner = Statement("""SELECT "Id" FROM "Accounts" WHERE "TaskControl" = @TaskControl""", "TaskControl");
        _insertAccount = Insert("Accounts", NewAccountColumns);
        _updateAccount = Statement(
            """UPDATE "Accounts" SET "Status" = @Status, "RecentApp" = @RecentApp, "EndTime" = @EndTime, "LastHeartbeatAt" = @LastHeartbeatAt, "UpdatedAt" = @UpdatedAt WHERE "Id" = @Id""",
            "Status", "RecentApp", "EndTime", "LastHeartbeatAt", "UpdatedAt", "Id");
        _updateTask = Statement(
            """UPDATE "Tasks" SET "Status" = @Status, "LastRunTime" = @LastRunTime, "ErrorMessage" = @ErrorMessage, "UpdatedAt" = @UpdatedAt, "CurrentRunId" = @CurrentRunId WHERE "Id" = @Id""",
            "Status", "LastRunTime", "ErrorMessage", "UpdatedAt", "CurrentRunId", "Id");
        _insertLog = Insert("ExecutionLogs", LogColumns);
        _rollups = new RollupWriter(connection);
        _commands = [.. new[] { _accountsByName, _tasksByAccount, _accountsByNames, _tasksByAccounts, _runsByKeys, _ingestLock }.OfType<DbCommand>()];
        _statements = [.. new[] { _runByKey, _dataVersion, _taskControlOwner, _insertAccount, _updateAccount, _updateTask, _insertLog }.OfType<HotStatement>()];
    }

    /// <summary>
    /// Starts a write transaction that has the ingest to itself from the start, and enlists every statement in it. On
    /// SQLite it holds the write lock (IMMEDIATE), so no other connection commits between <see cref="DataVersion"/> and
    /// the batch's reads; on PostgreSQL the ingest writers of every instance take turns on an advisory lock, so two
    /// batches never adopt the same new account or store the same run twice.
    /// </summary>
    public DbTransaction Begin()
    {
        var transaction = _connection is SqliteConnection sqlite ? sqlite.BeginTransaction(deferred: false) : _connection.BeginTransaction();
        foreach (var command in _commands)
        {
            command.Transaction = transaction;
        }

        foreach (var statement in _statements)
        {
            statement.Enlist(transaction);
        }

        _rollups.Enlist(transaction);
        if (_ingestLock is not null)
        {
            Bind(_ingestLock, IngestLockKey);
            _ingestLock.ExecuteNonQuery();
        }

        return transaction;
    }

    /// <summary>
    /// SQLite: changes whenever another connection commits (not with this connection's own commits). PostgreSQL has no
    /// such counter: null, so nothing read is kept from one batch to the next.
    /// </summary>
    public long? DataVersion() => _dataVersion?.Run();

    /// <summary>Copies the WAL's frames into the database file; call outside a transaction (see <see cref="WalTail"/>). SQLite only.</summary>
    public void Checkpoint()
    {
        if (_checkpoint is not null)
        {
            _checkpoint.Transaction = null;
            _checkpoint.ExecuteNonQuery();
        }
    }

    public List<Account> AccountsNamed(string name) => ReadAll(_accountsByName, ReadAccount, name);

    public List<RobotTask> TasksOf(long accountId) => ReadAll(_tasksByAccount, ReadTask, accountId);

    /// <summary>
    /// The reads of <see cref="AccountsNamed(string)"/> and <see cref="TasksOf(long)"/> for a whole batch in one statement
    /// each, keyed by name and account id (PostgreSQL, where every statement is a round trip); null on SQLite.
    /// </summary>
    public Func<string, List<Account>>? AccountsNamedInBulk(IReadOnlyCollection<string> names) =>
        _accountsByNames is null ? null : Lookup(ReadAll(_accountsByNames, ReadAccount, names.ToArray()), a => a.ShadowBotAccount);

    public Func<long, List<RobotTask>>? TasksOfInBulk(IReadOnlyCollection<long> accountIds) =>
        _tasksByAccounts is null ? null : Lookup(ReadAll(_tasksByAccounts, ReadTask, accountIds.ToArray()), t => t.AccountId);

    public Dictionary<string, long> StoredRuns(IReadOnlyCollection<string> keys)
    {
        var stored = new Dictionary<string, long>(StringComparer.Ordinal);
        if (_runsByKeys is not null)
        {
            Bind(_runsByKeys, [keys.ToArray()]);
            using var reader = _runsByKeys.ExecuteReader();
            while (reader.Read())
            {
                stored[reader.GetString(0)] = reader.GetInt64(1);
            }

            return stored;
        }

        foreach (var key in keys)
        {
            if (_runByKey.Run(key) is { } id)
            {
                stored[key] = id;
            }
        }

        return stored;
    }

    /// <summary>
    /// Inserts an account a callback created. Its derived task control can be another account's (account <c>a-b</c> on
    /// host <c>c</c> and account <c>a</c> on host <c>b-c</c> both derive <c>a-b-c:…</c>); then it gets <c>~2</c>, <c>~3</c>…
    /// appended, so the robot's callback is stored rather than refused by the unique index on every retry.
    /// </summary>
    public void Insert(Account account)
    {
        var derived = account.TaskControl;
        for (var n = 2; _taskControlOwner.Run(account.TaskControl) is not null; n++)
        {
            account.TaskControl = string.Create(CultureInfo.InvariantCulture, $"{derived}~{n}");
        }

        account.Id = Inserted(_insertAccount, account.ShadowBotAccount, account.HostIp, account.Port, ContractName.Of(account.Status),
            account.RecentApp, account.EndTime, account.TaskControl, account.LastHeartbeatAt, account.Unregistered,
            account.CreatedAt, account.UpdatedAt, account.Version);
    }

    public void Update(Account account)
    {
        _updateAccount.Run(ContractName.Of(account.Status), account.RecentApp, account.EndTime, account.LastHeartbeatAt, account.UpdatedAt, account.Id);
    }

    public void Update(RobotTask task)
    {
        _updateTask.Run(ContractName.Of(task.Status), task.LastRunTime, task.ErrorMessage, task.UpdatedAt, task.CurrentRunId, task.Id);
    }

    public void Insert(ExecutionLog log)
    {
        log.Id = Inserted(_insertLog,
            log.ExecutionId, log.DedupKey, log.Text, log.AppName, log.ShadowBotAccount, log.HostIp, ContractName.Of(log.Status),
            log.StartTime, log.EndTime, log.DurationSeconds, log.TotalItems, log.SuccessItems, log.FailedItems, log.LogInfo,
            log.Screenshot, log.ScreenshotUrl, log.LogUrl, log.LogContent, log.ErrorMessage, log.Task?.Id, log.Account?.Id, log.CreatedAt);
    }

    /// <summary>Adds the batch's new logs to the dashboard's roll-ups (see <see cref="RollupWriter"/>).</summary>
    public void AddToRollups(RollupBatch runs) => _rollups.Add(runs);

    public void Dispose()
    {
        _checkpoint?.Dispose();
        _rollups.Dispose();
        foreach (var command in _commands)
        {
            command.Dispose();
        }

        foreach (var statement in _statements)
        {
            statement.Dispose();
        }
    }

    private static Account ReadAccount(DbDataReader row) => new()
    {
        Id = row.GetInt64(0),
        ShadowBotAccount = row.GetString(1),
        HostIp = row.GetString(2),
        Port = row.GetInt32(3),
        Status = ContractName.Parse<AccountStatus>(row.GetString(4)),
        RecentApp = row.IsDBNull(5) ? null : row.GetString(5),
        EndTime = Utc(row, 6),
        TaskControl = row.GetString(7),
        LastHeartbeatAt = Utc(row, 8),
        Unregistered = row.GetBoolean(9),
        CreatedAt = Utc(row, 10)!.Value,
        UpdatedAt = Utc(row, 11)!.Value,
        Version = row.GetInt32(12),
    };

    private static RobotTask ReadTask(DbDataReader row) => new()
    {
        Id = row.GetInt64(0),
        TaskName = row.GetString(1),
        AccountId = row.GetInt64(2),
        AppName = row.GetString(3),
        Status = ContractName.Parse<RobotTaskStatus>(row.GetString(4)),
        LastRunTime = Utc(row, 5),
        ErrorMessage = row.IsDBNull(6) ? null : row.GetString(6),
        CreatedAt = Utc(row, 7)!.Value,
        UpdatedAt = Utc(row, 8)!.Value,
        CurrentRunId = row.IsDBNull(9) ? null : row.GetString(9),
    };

    private static DateTime? Utc(DbDataReader row, int column) =>
        row.IsDBNull(column) ? null : DateTime.SpecifyKind(row.GetDateTime(column), DateTimeKind.Utc);

    private static Func<TKey, List<T>> Lookup<TKey, T>(List<T> rows, Func<T, TKey> key) where TKey : notnull
    {
        var byKey = rows.GroupBy(key).ToDictionary(g => g.Key, g => g.ToList());
        return k => byKey.TryGetValue(k, out var found) ? found : [];
    }

    private static List<T> ReadAll<T>(DbCommand command, Func<DbDataReader, T> read, object key)
    {
        Bind(command, [key]);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    private static long Inserted(HotStatement insert, params object?[] values) =>
        insert.Run(values) ?? throw new InvalidOperationException("The insert returned no id.");

    private HotStatement Insert(string table, string[] columns) => Statement(
        $"""INSERT INTO "{table}" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", columns.Select(c => "@" + c))}) RETURNING "Id" """,
        columns);

    private DbCommand Command(string sql, params string[] parameters) => Prepare(_connection, sql, parameters);

    private HotStatement Statement(string sql, params string[] parameters) => HotStatement.Prepare(_connection, sql, parameters);
}
