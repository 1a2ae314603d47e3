using System.Data.Common;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Dashboard;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Core.Time;
using static RpaWorkbench.Core.Data.PreparedCommands;

namespace RpaWorkbench.Core.Webhooks;

/// <summary>
/// The ingest writer's own connection and the statements both stores share: prepared once, reused for every batch.
/// At thousands of callbacks a second EF Core's per-query and change-tracking work cost more than the database itself;
/// the rules stay in <see cref="CallbackBatch"/>. Synchronous on purpose: it runs on the writer's dedicated thread.
/// </summary>
internal sealed class IngestConnection : IDisposable
{
    /// <summary>The columns <see cref="ReadAccount"/> reads, in order.</summary>
    public const string AccountColumns =
        "\"Id\", \"ShadowBotAccount\", \"HostIp\", \"Port\", \"Status\", \"RecentApp\", \"EndTime\", \"TaskControl\", " +
        "\"LastHeartbeatAt\", \"Unregistered\", \"CreatedAt\", \"UpdatedAt\", \"Version\"";

    /// <summary>The columns <see cref="ReadTask"/> reads, in order.</summary>
    public const string TaskColumns =
        "\"Id\", \"TaskName\", \"AccountId\", \"AppName\", \"Status\", \"LastRunTime\", \"ErrorMessage\", \"CreatedAt\", \"UpdatedAt\", \"CurrentRunId\", \"CurrentJobUuid\"";

    private static readonly string[] LogColumns =
    [
        "ExecutionId", "DedupKey", "Text", "AppName", "ShadowBotAccount", "HostIp", "Status", "StartTime", "EndTime",
        "DurationSeconds", "TotalItems", "SuccessItems", "FailedItems", "LogInfo", "Screenshot", "ScreenshotUrl", "LogUrl",
        "LogContent", "ErrorMessage", "Outputs", "ShadowBotJobUuid", "TaskId", "AccountId", "CreatedAt",
    ];

    private static readonly string[] NewAccountColumns =
    [
        "ShadowBotAccount", "HostIp", "Port", "Status", "RecentApp", "EndTime", "TaskControl", "LastHeartbeatAt",
        "Unregistered", "CreatedAt", "UpdatedAt", "Version",
    ];

    private readonly WorkbenchDbContext _db;
    private readonly OperatorTime _time;
    private readonly List<DbCommand> _commands = [];
    private readonly List<HotStatement> _statements = [];
    private readonly HotStatement _taskControlOwner;
    private readonly HotStatement _insertAccount;
    private readonly HotStatement _updateAccount;
    private readonly HotStatement _updateTask;
    private readonly HotStatement _insertLog;
    private readonly RollupWriter _rollups;

    public IngestConnection(IDbContextFactory<WorkbenchDbContext> contexts, OperatorTime time)
    {
        _db = contexts.CreateDbContext();
        _time = time;
        try
        {
            _db.Database.OpenConnection();
            Connection = _db.Database.GetDbConnection();
            _taskControlOwner = Statement("""SELECT "Id" FROM "Accounts" WHERE "TaskControl" = @TaskControl""", "TaskControl");
            _insertAccount = Insert("Accounts", NewAccountColumns);
            _updateAccount = Statement(
                """UPDATE "Accounts" SET "Status" = @Status, "RecentApp" = @RecentApp, "EndTime" = @EndTime, "LastHeartbeatAt" = @LastHeartbeatAt, "UpdatedAt" = @UpdatedAt WHERE "Id" = @Id""",
                "Status", "RecentApp", "EndTime", "LastHeartbeatAt", "UpdatedAt", "Id");
            _updateTask = Statement(
                """UPDATE "Tasks" SET "Status" = @Status, "LastRunTime" = @LastRunTime, "ErrorMessage" = @ErrorMessage, "UpdatedAt" = @UpdatedAt, "CurrentRunId" = @CurrentRunId, "CurrentJobUuid" = @CurrentJobUuid WHERE "Id" = @Id""",
                "Status", "LastRunTime", "ErrorMessage", "UpdatedAt", "CurrentRunId", "CurrentJobUuid", "Id");
            _insertLog = Insert("ExecutionLogs", LogColumns);
            _rollups = new RollupWriter(Connection);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Open, and used by this writer alone.</summary>
    public DbConnection Connection { get; }

    /// <summary>A prepared command on this connection, enlisted with the others in <see cref="Enlist"/> and disposed with them.</summary>
    public DbCommand Command(string sql, params string[] parameters)
    {
        var command = Prepare(Connection, sql, parameters);
        _commands.Add(command);
        return command;
    }

    /// <summary>A hot statement on this connection, enlisted with the others in <see cref="Enlist"/> and disposed with them.</summary>
    public HotStatement Statement(string sql, params string[] parameters)
    {
        var statement = HotStatement.Prepare(Connection, sql, parameters);
        _statements.Add(statement);
        return statement;
    }

    /// <summary>Runs every statement in the batch's transaction.</summary>
    public void Enlist(DbTransaction transaction)
    {
        foreach (var command in _commands)
        {
            command.Transaction = transaction;
        }

        foreach (var statement in _statements)
        {
            statement.Enlist(transaction);
        }

        _rollups.Enlist(transaction);
    }

    /// <summary>
    /// New accounts first: the logs that follow need their ids. The roll-ups are summed in memory: one upsert per day ×
    /// account × app (× message for failures) the batch touched, not one per log.
    /// </summary>
    public void Save(CallbackBatch batch)
    {
        foreach (var account in batch.NewAccounts)
        {
            Insert(account);
        }

        foreach (var account in batch.ChangedAccounts)
        {
            _updateAccount.Run(ContractName.Of(account.Status), account.RecentApp, account.EndTime, account.LastHeartbeatAt, account.UpdatedAt, account.Id);
        }

        foreach (var task in batch.ChangedTasks)
        {
            _updateTask.Run(ContractName.Of(task.Status), task.LastRunTime, task.ErrorMessage, task.UpdatedAt, task.CurrentRunId, task.CurrentJobUuid, task.Id);
        }

        foreach (var log in batch.CreatedLogs)
        {
            log.Id = Inserted(_insertLog,
                log.ExecutionId, log.DedupKey, log.Text, log.AppName, log.ShadowBotAccount, log.HostIp, ContractName.Of(log.Status),
                log.StartTime, log.EndTime, log.DurationSeconds, log.TotalItems, log.SuccessItems, log.FailedItems, log.LogInfo,
                log.Screenshot, log.ScreenshotUrl, log.LogUrl, log.LogContent, log.ErrorMessage, log.Outputs, log.ShadowBotJobUuid, log.Task?.Id, log.Account?.Id, log.CreatedAt);
        }

        _rollups.Add(RollupBatch.Of(batch.CreatedLogs, _time));
    }

    public void Dispose()
    {
        _rollups?.Dispose();
        foreach (var command in _commands)
        {
            command.Dispose();
        }

        foreach (var statement in _statements)
        {
            statement.Dispose();
        }

        _db.Dispose();
    }

    public static Account ReadAccount(DbDataReader row) => new()
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

    public static RobotTask ReadTask(DbDataReader row) => new()
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
        CurrentJobUuid = row.IsDBNull(10) ? null : row.GetString(10),
    };

    /// <summary>Runs the command with its one parameter set to <paramref name="key"/> and reads every row.</summary>
    public static List<T> ReadAll<T>(DbCommand command, Func<DbDataReader, T> read, object key)
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

    private static DateTime? Utc(DbDataReader row, int column) =>
        row.IsDBNull(column) ? null : DateTime.SpecifyKind(row.GetDateTime(column), DateTimeKind.Utc);

    /// <summary>
    /// Inserts an account a callback created. Its derived task control can be another account's (account <c>a-b</c> on
    /// host <c>c</c> and account <c>a</c> on host <c>b-c</c> both derive <c>a-b-c:…</c>); then it gets <c>~2</c>, <c>~3</c>…
    /// appended, so the robot's callback is stored rather than refused by the unique index on every retry.
    /// </summary>
    private void Insert(Account account)
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

    private static long Inserted(HotStatement insert, params object?[] values) =>
        insert.Run(values) ?? throw new InvalidOperationException("The insert returned no id.");

    private HotStatement Insert(string table, string[] columns) => Statement(
        $"""INSERT INTO "{table}" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", columns.Select(c => "@" + c))}) RETURNING "Id" """,
        columns);
}
