using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace RpaWorkbench.Core.Executions.Export;

/// <summary>
/// Reads the execution logs of a filter for exports, newest start first, while they are consumed: nothing is collected.
/// The query is the filter's own (<see cref="ExecutionLogFilter.Apply"/>), untracked and projected to the exported
/// columns (no log text). It is read in keyset chunks of <see cref="ChunkSize"/>, each its own statement, so a slow
/// download never holds one read snapshot for minutes (that would stop the WAL checkpoints and let the WAL grow under
/// ingest).
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

    /// <summary>The export of the filter as one query, unchunked: the benchmark's baselines (one cursor; its SQL for <c>sqlite3</c>).</summary>
    public static IQueryable<ExecutionLogExportRow> Query(WorkbenchDbContext db, ExecutionLogFilter filter) =>
        Project(Newest(filter.Apply(db.ExecutionLogs.AsNoTracking())));

    private async IAsyncEnumerable<ExecutionLogExportRow> ReadAsync(ExecutionLogFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        // A cancelled download stops the statement at once, even inside a long scan that finds no row to return
        // (Npgsql does this itself: it sends PostgreSQL a cancel request when the token fires).
        using var interrupt = db.Database.GetDbConnection() is SqliteConnection sqlite
            ? cancellationToken.Register(static c => SQLitePCL.raw.sqlite3_interrupt(((SqliteConnection)c!).Handle), sqlite)
            : default;

        ExecutionLogExportRow? last = null;
        int read;
        do
        {
            read = 0;
            var chunk = Project(Newest(After(filter.Apply(db.ExecutionLogs.AsNoTracking()), last)).Take(ChunkSize));
            await using var rows = chunk.AsAsyncEnumerable().GetAsyncEnumerator(cancellationToken);
            while (await NextAsync(rows, cancellationToken))
            {
                last = rows.Current;
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

    private static IQueryable<ExecutionLogExportRow> Project(IQueryable<ExecutionLog> logs) => logs.Select(l => new ExecutionLogExportRow(
        l.Id, l.ExecutionId, l.ShadowBotAccount, l.AppName, l.Status, l.StartTime, l.EndTime, l.DurationSeconds,
        l.TotalItems, l.SuccessItems, l.FailedItems, l.HostIp, l.Text, l.ErrorMessage, l.ScreenshotUrl, l.LogUrl, l.TaskId, l.Outputs));

    private static async ValueTask<bool> NextAsync(IAsyncEnumerator<ExecutionLogExportRow> rows, CancellationToken cancellationToken)
    {
        // Npgsql hands out rows it has already received without looking at the token: stop here, between rows.
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            return await rows.MoveNextAsync();
        }
        catch (DbException ex) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("The export was cancelled.", ex, cancellationToken);
        }
    }
}
