using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Security;

namespace RpaWorkbench.Core.Executions.Export;

/// <summary>
/// Reads the execution logs of a filter for exports, newest start first, while they are consumed: nothing is collected.
/// The query is the filter's own (<see cref="ExecutionLogFilter.Apply"/>, as EF Core writes it), but its rows are read
/// straight from the SQLite reader instead of through EF Core's materializer, which costs more than SQLite at a million
/// rows. They are read in keyset chunks of <see cref="ChunkSize"/>, each its own statement, so a slow download never
/// holds one read snapshot for minutes (that would stop the WAL checkpoints and let the WAL grow under ingest).
/// </summary>
public sealed class ExecutionLogExport(IDbContextFactory<WorkbenchDbContext> contexts, ICurrentUser user)
{
    public const int ChunkSize = 5_000;

    /// <summary>Every log matching the filter, newest start first; the permission is checked now, before anything is written.</summary>
    public IAsyncEnumerable<ExecutionLogExportRow> StreamAsync(ExecutionLogFilter filter)
    {
        user.RequireRead();
        return ReadAsync(filter);
    }

    /// <summary>The SQL of an unchunked export of the filter (for the benchmark's <c>sqlite3</c> baseline).</summary>
    public static string Sql(WorkbenchDbContext db, ExecutionLogFilter filter) => Project(Newest(filter.Apply(db.ExecutionLogs))).ToQueryString();

    private async IAsyncEnumerable<ExecutionLogExportRow> ReadAsync(ExecutionLogFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        // A cancelled download stops the statement at once, even inside a long scan that finds no row to return.
        using var interrupt = db.Database.GetDbConnection() is SqliteConnection sqlite
            ? cancellationToken.Register(static c => SQLitePCL.raw.sqlite3_interrupt(((SqliteConnection)c!).Handle), sqlite)
            : default;

        ExecutionLogExportRow? last = null;
        int read;
        do
        {
            read = 0;
            await using var command = Project(Newest(After(filter.Apply(db.ExecutionLogs), last)).Take(ChunkSize)).CreateDbCommand();
            await using var reader = await StepAsync(() => command.ExecuteReaderAsync(cancellationToken), cancellationToken);
            var columns = new ExportColumns(reader);
            while (await StepAsync(() => reader.ReadAsync(cancellationToken), cancellationToken))
            {
                last = columns.Read(reader);
                read++;
                yield return last;
            }
        }
        while (read == ChunkSize);
    }

    // Rows after the last one read, in export order. The first condition alone is an index range; the second breaks ties.
    private static IQueryable<ExecutionLog> After(IQueryable<ExecutionLog> logs, ExecutionLogExportRow? last)
    {
        if (last is null)
        {
            return logs;
        }

        var (start, id) = (last.StartTimeUtc, last.Id);
        return logs.Where(l => l.StartTime <= start && (l.StartTime < start || l.Id < id));
    }

    // Every filter's index ends with the start time (and SQLite's rowid), so this order needs no sort.
    private static IQueryable<ExecutionLog> Newest(IQueryable<ExecutionLog> logs) =>
        logs.OrderByDescending(l => l.StartTime).ThenByDescending(l => l.Id);

    private static IQueryable Project(IQueryable<ExecutionLog> logs) => logs.Select(l => new
    {
        l.Id,
        l.ExecutionId,
        l.ShadowBotAccount,
        l.AppName,
        l.Status,
        l.StartTime,
        l.EndTime,
        l.DurationSeconds,
        l.TotalItems,
        l.SuccessItems,
        l.FailedItems,
        l.HostIp,
        l.Text,
        l.ErrorMessage,
        l.ScreenshotUrl,
        l.LogUrl,
        l.TaskId,
    });

    private static async Task<T> StepAsync<T>(Func<Task<T>> step, CancellationToken cancellationToken)
    {
        try
        {
            return await step();
        }
        catch (SqliteException ex) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("The export was cancelled.", ex, cancellationToken);
        }
    }

    // Columns by name, looked up once per chunk: the projection above decides what the SELECT holds.
    private sealed class ExportColumns(DbDataReader reader)
    {
        private readonly int _id = reader.GetOrdinal(nameof(ExecutionLog.Id));
        private readonly int _executionId = reader.GetOrdinal(nameof(ExecutionLog.ExecutionId));
        private readonly int _account = reader.GetOrdinal(nameof(ExecutionLog.ShadowBotAccount));
        private readonly int _app = reader.GetOrdinal(nameof(ExecutionLog.AppName));
        private readonly int _status = reader.GetOrdinal(nameof(ExecutionLog.Status));
        private readonly int _start = reader.GetOrdinal(nameof(ExecutionLog.StartTime));
        private readonly int _end = reader.GetOrdinal(nameof(ExecutionLog.EndTime));
        private readonly int _duration = reader.GetOrdinal(nameof(ExecutionLog.DurationSeconds));
        private readonly int _total = reader.GetOrdinal(nameof(ExecutionLog.TotalItems));
        private readonly int _success = reader.GetOrdinal(nameof(ExecutionLog.SuccessItems));
        private readonly int _failed = reader.GetOrdinal(nameof(ExecutionLog.FailedItems));
        private readonly int _host = reader.GetOrdinal(nameof(ExecutionLog.HostIp));
        private readonly int _text = reader.GetOrdinal(nameof(ExecutionLog.Text));
        private readonly int _error = reader.GetOrdinal(nameof(ExecutionLog.ErrorMessage));
        private readonly int _screenshot = reader.GetOrdinal(nameof(ExecutionLog.ScreenshotUrl));
        private readonly int _log = reader.GetOrdinal(nameof(ExecutionLog.LogUrl));
        private readonly int _task = reader.GetOrdinal(nameof(ExecutionLog.TaskId));

        public ExecutionLogExportRow Read(DbDataReader row) => new(
            row.GetInt64(_id),
            Text(row, _executionId),
            row.GetString(_account),
            row.GetString(_app),
            ContractName.Parse<ExecutionStatus>(row.GetString(_status)),
            Utc(row, _start),
            Utc(row, _end),
            row.GetDouble(_duration),
            row.GetInt32(_total),
            row.GetInt32(_success),
            row.GetInt32(_failed),
            Text(row, _host),
            Text(row, _text),
            Text(row, _error),
            Text(row, _screenshot),
            Text(row, _log),
            row.IsDBNull(_task) ? null : row.GetInt64(_task));

        private static string? Text(DbDataReader row, int column) => row.IsDBNull(column) ? null : row.GetString(column);

        private static DateTime Utc(DbDataReader row, int column) => DateTime.SpecifyKind(row.GetDateTime(column), DateTimeKind.Utc);
    }
}
