using System.Data.Common;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Tasks;

namespace RpaWorkbench.Core.Webhooks;

/// <summary>
/// Writes a batch's rows with three reused, prepared statements inside the batch's transaction. EF change tracking
/// cost more than SQLite itself at thousands of rows a second; the rules stay in <see cref="CallbackBatch"/>.
/// </summary>
internal sealed class CallbackRowWriter : IAsyncDisposable
{
    private static readonly string[] LogColumns =
    [
        "ExecutionId", "DedupKey", "Text", "AppName", "ShadowBotAccount", "HostIp", "Status", "StartTime", "EndTime",
        "DurationSeconds", "TotalItems", "SuccessItems", "FailedItems", "LogInfo", "Screenshot", "ScreenshotUrl", "LogUrl",
        "LogContent", "ErrorMessage", "TaskId", "AccountId", "CreatedAt",
    ];

    private readonly DbCommand _insertLog;
    private readonly DbCommand _updateAccount;
    private readonly DbCommand _updateTask;

    public CallbackRowWriter(DbConnection connection, DbTransaction transaction)
    {
        _insertLog = Command(connection, transaction,
            $"""INSERT INTO "ExecutionLogs" ({string.Join(", ", LogColumns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", LogColumns.Select(c => "@" + c))}) RETURNING "Id" """,
            LogColumns);
        _updateAccount = Command(connection, transaction,
            """UPDATE "Accounts" SET "Status" = @Status, "RecentApp" = @RecentApp, "EndTime" = @EndTime, "LastHeartbeatAt" = @LastHeartbeatAt, "UpdatedAt" = @UpdatedAt WHERE "Id" = @Id""",
            ["Status", "RecentApp", "EndTime", "LastHeartbeatAt", "UpdatedAt", "Id"]);
        _updateTask = Command(connection, transaction,
            """UPDATE "Tasks" SET "Status" = @Status, "LastRunTime" = @LastRunTime, "ErrorMessage" = @ErrorMessage, "UpdatedAt" = @UpdatedAt WHERE "Id" = @Id""",
            ["Status", "LastRunTime", "ErrorMessage", "UpdatedAt", "Id"]);
    }

    public async Task InsertAsync(ExecutionLog log, CancellationToken cancellationToken)
    {
        Bind(_insertLog,
            log.ExecutionId, log.DedupKey, log.Text, log.AppName, log.ShadowBotAccount, log.HostIp, ContractName.Of(log.Status),
            log.StartTime, log.EndTime, log.DurationSeconds, log.TotalItems, log.SuccessItems, log.FailedItems, log.LogInfo,
            log.Screenshot, log.ScreenshotUrl, log.LogUrl, log.LogContent, log.ErrorMessage, log.Task?.Id, log.Account?.Id, log.CreatedAt);
        log.Id = (long)(await _insertLog.ExecuteScalarAsync(cancellationToken))!;
    }

    public Task UpdateAsync(Account account, CancellationToken cancellationToken)
    {
        Bind(_updateAccount, ContractName.Of(account.Status), account.RecentApp, account.EndTime, account.LastHeartbeatAt, account.UpdatedAt, account.Id);
        return _updateAccount.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task UpdateAsync(RobotTask task, CancellationToken cancellationToken)
    {
        Bind(_updateTask, ContractName.Of(task.Status), task.LastRunTime, task.ErrorMessage, task.UpdatedAt, task.Id);
        return _updateTask.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _insertLog.DisposeAsync();
        await _updateAccount.DisposeAsync();
        await _updateTask.DisposeAsync();
    }

    private static DbCommand Command(DbConnection connection, DbTransaction transaction, string sql, string[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
#pragma warning disable CA2100 // built from the constant column lists above
        command.CommandText = sql;
#pragma warning restore CA2100
        foreach (var name in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + name;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private static void Bind(DbCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }
}
