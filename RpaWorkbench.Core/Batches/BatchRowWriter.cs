using System.Data.Common;
using Microsoft.EntityFrameworkCore.Storage;
using RpaWorkbench.Core.Dispatch;
using RpaWorkbench.Core.Tasks;

namespace RpaWorkbench.Core.Batches;

/// <summary>
/// Writes a chunk of new items and their first queued runs with multi-row INSERTs on the creating transaction's own
/// connection (SQLite and PostgreSQL alike), not through the change tracker: an upload writes two rows per sheet row,
/// and EF's per-entity work made a 100,000-row sheet take several times the 20 s target (docs/benchmarks.md). The
/// values are written exactly as EF's converters store them (JSON maps, snake_case states, UTC times).
/// </summary>
internal static class BatchRowWriter
{
    // 9 parameters a row at most: well under SQLite's and PostgreSQL's limits per statement.
    private const int RowsPerStatement = 200;

    public static async Task WriteAsync(WorkbenchDbContext db, RobotTask task, Batch batch,
        IReadOnlyList<(BatchItem Item, IReadOnlyDictionary<string, string?> Parameters)> pending, DateTime now, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Batch rows are written inside the batch's creating transaction.");
        foreach (var chunk in pending.Chunk(RowsPerStatement))
        {
            var ids = await InsertItemsAsync(connection, transaction, batch.Id, chunk, cancellationToken);
            await InsertRunsAsync(connection, transaction, task, batch, chunk, ids, now, cancellationToken);
        }
    }

    // Returns each row number's new item id (RETURNING's order is not promised, so rows are matched by number).
    private static async Task<Dictionary<int, long>> InsertItemsAsync(DbConnection connection, DbTransaction transaction, long batchId,
        (BatchItem Item, IReadOnlyDictionary<string, string?> Parameters)[] chunk, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        Add(command, "b", batchId);
        Add(command, "s", ContractName.Of(BatchItemState.New));
        var values = chunk.Select((row, i) =>
        {
            Add(command, $"r{i}", row.Item.RowNumber);
            Add(command, $"v{i}", StringMapColumn.Serialize(row.Item.Values));
            Add(command, $"k{i}", row.Item.RunKey);
            Add(command, $"i{i}", row.Item.RunId);
            return $"(@b, @r{i}, @v{i}, @s, 0, @k{i}, @i{i}, 0)";
        });
        command.CommandText = $"""
            INSERT INTO "BatchItems" ("BatchId", "RowNumber", "Values", "State", "Attempts", "RunKey", "RunId", "Version")
            VALUES {string.Join(", ", values)} RETURNING "Id", "RowNumber"
            """;
        var ids = new Dictionary<int, long>(chunk.Length);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids[reader.GetInt32(1)] = reader.GetInt64(0);
        }

        return ids;
    }

    private static async Task InsertRunsAsync(DbConnection connection, DbTransaction transaction, RobotTask task, Batch batch,
        (BatchItem Item, IReadOnlyDictionary<string, string?> Parameters)[] chunk, Dictionary<int, long> itemIds, DateTime now, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        var first = BatchRuns.First(task, batch, chunk[0].Item, chunk[0].Parameters, now);
        Add(command, "t", first.TaskId);
        Add(command, "ta", first.TargetAccountId);
        Add(command, "tg", first.TargetGroupId);
        Add(command, "p", (int)first.Priority);
        Add(command, "s", ContractName.Of(DispatchRunState.Waiting));
        Add(command, "q", first.EnqueuedAt);
        Add(command, "x", first.ExpiresAt);
        Add(command, "b", batch.Id);
        var values = chunk.Select((row, i) =>
        {
            Add(command, $"r{i}", BatchItem.RunIdOf(row.Item.RunKey, 1));
            Add(command, $"m{i}", StringMapColumn.Serialize(row.Parameters));
            Add(command, $"i{i}", itemIds[row.Item.RowNumber]);
            return $"(@r{i}, @t, @ta, @tg, @p, @s, @m{i}, @q, @x, @i{i}, @b, 1, 0)";
        });
        command.CommandText = $"""
            INSERT INTO "DispatchRuns" ("RunId", "TaskId", "TargetAccountId", "TargetGroupId", "Priority", "State", "Parameters",
                "EnqueuedAt", "ExpiresAt", "BatchItemId", "BatchId", "Attempt", "Version")
            VALUES {string.Join(", ", values)}
            """;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@" + name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }
}
