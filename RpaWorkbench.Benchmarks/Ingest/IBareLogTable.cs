namespace RpaWorkbench.Benchmarks.Ingest;

/// <summary>Where <see cref="BareCeilingWriter"/> stores its batches: the ExecutionLogs table of one database, in bare ADO.NET.</summary>
public interface IBareLogTable : IAsyncDisposable
{
    Task OpenAsync(CancellationToken cancellationToken);

    /// <summary>Inserts the runs in one transaction; each run's row id, or null when its run key was already stored.</summary>
    Task<long?[]> InsertAsync(IReadOnlyList<BareRun> runs, CancellationToken cancellationToken);
}
