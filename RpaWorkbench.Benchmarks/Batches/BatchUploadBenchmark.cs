using MiniExcelLibs;
using RpaWorkbench.Benchmarks.Export;
using RpaWorkbench.Core.Batches;
using RpaWorkbench.Core.Tasks;

namespace RpaWorkbench.Benchmarks.Batches;

/// <summary>
/// <c>-- batch-upload</c>: a 100,000-row sheet (.xlsx made with MiniExcel, then the same rows as .csv) for a task with
/// five parameters of mixed types, checked and enqueued by <see cref="Core.Batches.BatchService.CreateAsync"/> on a real
/// SQLite file (one batch, 100,000 items, 100,000 waiting runs). Measured: wall time, peak managed heap growth
/// (sampled every 5 ms) and peak resident growth (VmHWM) during the call. Baseline in the same run: MiniExcel reading
/// the same file alone (<c>Query</c>, every cell touched). Breakdown: the Core's sheet reader and row checks alone,
/// nothing stored; the rest of the call is writing the items and runs. Target: under 20 s and under 100 MB growth.
/// </summary>
public static class BatchUploadBenchmark
{
    public const string Command = "batch-upload";
    private const int Rows = 100_000;
    private const double TargetSeconds = 20;
    private const double TargetMiB = 100;

    public static async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        await using var database = await BenchmarkDatabase.CreateAsync(cancellationToken);
        var (taskId, _) = await BatchFleet.SeedAsync(database, 1, cancellationToken);
        var sheets = new[] { BatchFleet.WriteWorkbook(database.Folder, Rows), BatchFleet.WriteCsv(database.Folder, Rows) };

        // Warm-up: both paths JIT-compiled on a small sheet, so the measured calls time the work, not the compiler.
        await BatchFleet.CreateBatchAsync(database, taskId, BatchFleet.WriteWorkbook(database.Folder, 200), cancellationToken);
        await BatchFleet.CreateBatchAsync(database, taskId, BatchFleet.WriteCsv(database.Folder, 200), cancellationToken);
        ReadAllCells(sheets[0]);
        ReadAllCells(sheets[1]);
        var parameters = await ParametersAsync(database, taskId, cancellationToken);

        var results = new List<(string Sheet, string Measure, Measured Figures)>();
        foreach (var sheet in sheets)
        {
            var name = $"{Path.GetExtension(sheet)} ({new FileInfo(sheet).Length / 1024.0 / 1024:F1} MiB)";
            results.Add((name, "BatchService.CreateAsync", await MeasureAsync(() => BatchFleet.CreateBatchAsync(database, taskId, sheet, cancellationToken))));
            results.Add((name, "BatchSheetReader + BatchSheetRules.CheckRow, nothing stored (breakdown)",
                await MeasureAsync(() => ReadAndCheckAsync(sheet, parameters, cancellationToken))));
            results.Add((name, "MiniExcel Query alone (baseline)", await MeasureAsync(() => Task.FromResult(ReadAllCells(sheet)))));
        }

        var items = await database.ScalarAsync<long>("SELECT COUNT(*) FROM \"BatchItems\"", cancellationToken);
        var runs = await database.ScalarAsync<long>("SELECT COUNT(*) FROM \"DispatchRuns\" WHERE \"State\" = 'waiting'", cancellationToken);
        return Print(results, items, runs);
    }

    private static async Task<IReadOnlyList<TaskParameter>> ParametersAsync(BenchmarkDatabase database, long taskId, CancellationToken cancellationToken)
    {
        await using var db = await database.Contexts.CreateDbContextAsync(cancellationToken);
        return (await db.Tasks.AsNoTracking().SingleAsync(t => t.Id == taskId, cancellationToken)).Parameters;
    }

    // What CreateAsync does before it writes: every row read by the Core's reader and checked against the parameters.
    private static async Task<int> ReadAndCheckAsync(string path, IReadOnlyList<TaskParameter> parameters, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(path);
        var format = path.EndsWith(".csv", StringComparison.Ordinal) ? BatchFileFormat.Csv : BatchFileFormat.Xlsx;
        BatchSheetRules? rules = null;
        var valid = 0;
        await foreach (var row in BatchSheetReader.ReadAsync(file, format, cancellationToken))
        {
            if (rules is null)
            {
                rules = BatchSheetRules.ForHeader(parameters, row).Rules ?? throw new InvalidOperationException("The header was refused.");
            }
            else
            {
                valid += rules.CheckRow(row).Errors.Count == 0 ? 1 : 0;
            }
        }

        return valid;
    }

    // Every cell of every row, as the batch reader must see them; returns the cell count so nothing is optimized away.
    private static long ReadAllCells(string path)
    {
        var cells = 0L;
        foreach (IDictionary<string, object?> row in MiniExcel.Query(path, useHeaderRow: true))
        {
            foreach (var value in row.Values)
            {
                cells += value is null ? 0 : 1;
            }
        }

        return cells;
    }

    private static async Task<Measured> MeasureAsync<T>(Func<Task<T>> call)
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        var memory = new ProcessMemory(Environment.ProcessId);
        var peakReset = memory.ResetPeak();
        var residentBefore = memory.ResidentMiB;
        var heapBefore = GC.GetTotalMemory(forceFullCollection: false);
        var heapPeak = heapBefore;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                heapPeak = Math.Max(heapPeak, GC.GetTotalMemory(forceFullCollection: false));
                await Task.Delay(5, CancellationToken.None);
            }
        }, CancellationToken.None);

        using var self = Process.GetCurrentProcess();
        var cpuBefore = self.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await call();
        var seconds = clock.Elapsed.TotalSeconds;
        self.Refresh();
        var cpu = (self.TotalProcessorTime - cpuBefore).TotalSeconds;
        await sampling.CancelAsync();
        await sampler;
        heapPeak = Math.Max(heapPeak, GC.GetTotalMemory(forceFullCollection: false));
        return new Measured(seconds, cpu, (heapPeak - heapBefore) / 1024.0 / 1024, peakReset ? memory.PeakMiB - residentBefore : double.NaN);
    }

    private static int Print(List<(string Sheet, string Measure, Measured Figures)> results, long items, long runs)
    {
        Console.WriteLine($"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; {Environment.ProcessorCount} CPUs; load average {File.ReadAllText("/proc/loadavg").Trim()}; "
                          + $"{Rows:N0} rows per sheet, 5 parameters; {items:N0} items and {runs:N0} waiting runs stored in all (warm-up batches included).");
        Console.WriteLine();
        Console.WriteLine("| Sheet | Measure | Wall time | CPU time (this process) | Peak managed heap growth | Peak resident growth | Time ÷ baseline |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|");
        var missed = new List<string>();
        foreach (var group in results.GroupBy(r => r.Sheet))
        {
            var baseline = group.Last().Figures.Seconds;
            foreach (var (sheet, measure, figures) in group)
            {
                Console.WriteLine($"| {sheet} | `{measure}` | {figures.Seconds:F2} s | {figures.CpuSeconds:F2} s | {figures.HeapMiB:F1} MiB | {figures.ResidentMiB:F1} MiB | {figures.Seconds / baseline:F2} |");
            }

            var create = group.First().Figures;
            if (create.Seconds >= TargetSeconds || Math.Max(create.HeapMiB, create.ResidentMiB) >= TargetMiB)
            {
                missed.Add(group.Key);
            }
        }

        Console.WriteLine();
        Console.WriteLine(missed.Count == 0
            ? $"Target < {TargetSeconds} s and < {TargetMiB} MiB growth: met."
            : $"Target < {TargetSeconds} s and < {TargetMiB} MiB growth MISSED for: {string.Join(", ", missed)}.");
        return 0;
    }

    private sealed record Measured(double Seconds, double CpuSeconds, double HeapMiB, double ResidentMiB);
}
