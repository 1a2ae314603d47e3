using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Executions.Export;

namespace RpaWorkbench.Benchmarks.Export;

/// <summary>
/// The export's read side alone, in this process: the Core's export (keyset chunks of 5,000 rows) and the same query
/// read through one cursor, which is what the chunks cost.
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

    public static async Task<(TimeSpan Elapsed, long Rows)> OneCursorAsync(IDbContextFactory<WorkbenchDbContext> contexts, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var rows = 0L;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = ExecutionLogExport.Query(db, new ExecutionLogFilter());
        await foreach (var _ in query.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            rows++;
        }

        return (clock.Elapsed, rows);
    }
}
