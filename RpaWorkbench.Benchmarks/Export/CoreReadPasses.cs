using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Executions.Export;

namespace RpaWorkbench.Benchmarks.Export;

/// <summary>
/// The export's read side alone, in this process, two ways: the Core's reader (EF Core writes the SQL, the rows are read
/// straight from the SQLite reader in keyset chunks) and EF Core's own materializer (<c>AsNoTracking</c>, a projection,
/// <c>AsAsyncEnumerable</c>, one cursor) — the measurement behind choosing the first.
/// </summary>
public static class CoreReadPasses
{
    public static async Task<(TimeSpan Elapsed, long Rows)> CoreReaderAsync(ExecutionLogExport export, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var rows = 0L;
        await foreach (var _ in export.StreamAsync(new ExecutionLogFilter()).WithCancellation(cancellationToken))
        {
            rows++;
        }

        return (clock.Elapsed, rows);
    }

    public static async Task<(TimeSpan Elapsed, long Rows)> EntityFrameworkAsync(IDbContextFactory<WorkbenchDbContext> contexts, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var rows = 0L;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.ExecutionLogs.AsNoTracking()
            .OrderByDescending(l => l.StartTime).ThenByDescending(l => l.Id)
            .Select(l => new ExecutionLogExportRow(
                l.Id, l.ExecutionId, l.ShadowBotAccount, l.AppName, l.Status, l.StartTime, l.EndTime, l.DurationSeconds,
                l.TotalItems, l.SuccessItems, l.FailedItems, l.HostIp, l.Text, l.ErrorMessage, l.ScreenshotUrl, l.LogUrl, l.TaskId));
        await foreach (var _ in query.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            rows++;
        }

        return (clock.Elapsed, rows);
    }
}
