using System.Security.Cryptography;
using RpaWorkbench.Benchmarks.Accounts;
using RpaWorkbench.Benchmarks.Ingest;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Executions.Export;

namespace RpaWorkbench.Benchmarks.Export;

/// <summary>
/// <c>-- export</c>: the CSV export of 1,000,000 execution logs (its target in docs/benchmarks.md; a harness, not a BenchmarkDotNet
/// benchmark). Seeds a temporary SQLite file, starts the real Workbench on it (RpaWorkbench.Web.dll, Production, its
/// own process, 127.0.0.1) with an API key, and in each round runs the <c>sqlite3</c> shell on the same SELECT (to
/// /dev/null) and downloads <c>GET /api/v1/logs/export</c> whole, watching the server's resident memory; then the read
/// side alone in this process, the Core's chunks against one cursor. Prints Markdown for docs/benchmarks.md;
/// exits 1 if an export's row count is wrong. Options: <c>--rows</c> (default 1,000,000), <c>--rounds</c> (default 3).
/// </summary>
public static class ExportBenchmark
{
    public const string Command = "export";

    private const double TargetRatio = 2.5;
    private const double TargetGrowthMiB = 100;

    public static async Task<int> RunAsync(string[] args)
    {
        if (!TryParse(args, out var rows, out var rounds))
        {
            await Console.Error.WriteLineAsync("Options: --rows <1..10000000> (default 1000000), --rounds <n> (default 3).");
            return 2;
        }

        var cancellationToken = ConsoleCancellation.Token;

        var machine = await MachineReport.CaptureAsync(cancellationToken);
        var sqlite3 = SqliteCli.Find();
        if (sqlite3 is null)
        {
            Console.WriteLine("sqlite3 is not installed (apt-get install -y sqlite3): the CLI baseline and the ratio are skipped.");
        }

        await using var database = await BenchmarkDatabase.CreateAsync(cancellationToken);
        Console.WriteLine($"Seeding {rows:N0} execution logs…");
        var seeding = System.Diagnostics.Stopwatch.StartNew();
        await database.Services.GetRequiredService<LogSeeder>().SeedAsync(rows, seed: 42, progress: null, cancellationToken);
        var file = new SqliteConnectionStringBuilder(database.ConnectionString).DataSource;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {seeding.Elapsed.TotalSeconds:F0} s; database file {new FileInfo(file).Length / 1048576.0:N0} MiB"));

        string sql;
        await using (var db = await database.Contexts.CreateDbContextAsync(cancellationToken))
        {
            sql = ExecutionLogExport.Query(db, new ExecutionLogFilter()).ToQueryString();
        }

        var apiKey = "bench-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(17));
        await using var server = await IngestBenchmark.StartWorkbenchAsync(database, apiKey, cancellationToken);
        using var client = new HttpClient { BaseAddress = server.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        var export = ActivatorUtilities.CreateInstance<ExecutionLogExport>(database.Services, new BenchmarkViewer());

        Console.WriteLine("Warming up: one unmeasured export and one sqlite3 run (JIT, page cache)…");
        await ExportDownload.MeasureAsync(client, ExportPath, server, cancellationToken);
        if (sqlite3 is not null)
        {
            await SqliteCli.ExportAsync(sqlite3, file, sql, cancellationToken);
        }

        var results = new List<ExportRound>();
        for (var round = 1; round <= rounds; round++)
        {
            var cli = sqlite3 is null ? null : await SqliteCli.ExportAsync(sqlite3, file, sql, cancellationToken);
            var download = await ExportDownload.MeasureAsync(client, ExportPath, server, cancellationToken);
            var reader = await CoreReadPasses.CoreReaderAsync(export, cancellationToken);
            var oneCursor = await CoreReadPasses.OneCursorAsync(database.Contexts, cancellationToken);
            var result = new ExportRound(round, cli, download, reader.Elapsed, oneCursor.Elapsed, download.Rows == rows && reader.Rows == rows && oneCursor.Rows == rows);
            results.Add(result);
            Console.WriteLine(result.Progress());
        }

        await PrintAsync(machine, rows, sql, results, cancellationToken);
        return results.All(r => r.Verified) ? 0 : 1;
    }

    private static string ExportPath => "api/v1/logs/export";

    private static async Task PrintAsync(MachineReport machine, int rows, string sql, List<ExportRound> results, CancellationToken cancellationToken)
    {
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Run {machine.StartedUtc:yyyy-MM-dd HH:mm} UTC; {machine.Cpu}; {machine.Runtime}; SQLite {machine.Sqlite}."));
        Console.WriteLine($"Load average at start {machine.LoadAverageAtStart}, at end {await MachineReport.LoadAverageAsync(cancellationToken)}.");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{rows:N0} logs, whole table, newest first. sqlite3 ran: {sql.ReplaceLineEndings(" ")}"));
        Console.WriteLine();
        Console.WriteLine(ExportRound.TableHeader);
        foreach (var result in results)
        {
            Console.WriteLine(result.TableRow());
        }

        var export = Median(results.Select(r => r.Download.Elapsed.TotalSeconds));
        var growth = results.Max(r => r.Download.GrowthMiB);
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Median export {export:F2} s ({rows / export:N0} rows/s); largest working-set growth {growth:F0} MiB (target < {TargetGrowthMiB:F0}): {(growth < TargetGrowthMiB ? "met" : "NOT met")}."));
        if (results.All(r => r.Cli is not null))
        {
            var cli = Median(results.Select(r => r.Cli!.Elapsed.TotalSeconds));
            var cpuRatio = Median(results.Select(r => r.Download.ServerCpu / r.Cli!.Cpu));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Median sqlite3 -csv {cli:F2} s; ratio of medians {export / cli:F2} (target ≤ {TargetRatio}): {(export / cli <= TargetRatio ? "met" : "NOT met")}. Median CPU ratio (server CPU / sqlite3 CPU) {cpuRatio:F2}."));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Read side alone (in-process, no CSV): Core export in chunks {Median(results.Select(r => r.CoreReader.TotalSeconds)):F2} s, one cursor {Median(results.Select(r => r.OneCursor.TotalSeconds)):F2} s."));
        Console.WriteLine(results.All(r => r.Verified) ? "Every export had every row." : "CHECK FAILED: an export's row count was wrong.");
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static bool TryParse(string[] args, out int rows, out int rounds)
    {
        try
        {
            var options = WholeNumberOptions.Parse(args, new Dictionary<string, int> { ["--rows"] = 1_000_000, ["--rounds"] = 3 });
            (rows, rounds) = (options["--rows"], options["--rounds"]);
            return rows <= 10_000_000;
        }
        catch (ArgumentException)
        {
            (rows, rounds) = (0, 0);
            return false;
        }
    }
}

/// <summary>One round: the sqlite3 baseline (when installed), the HTTP export, and the in-process read passes.</summary>
public sealed record ExportRound(int Round, CliRun? Cli, ExportDownload Download, TimeSpan CoreReader, TimeSpan OneCursor, bool Verified)
{
    public const string TableHeader =
        "| Round | sqlite3 -csv | Export over HTTP | Ratio | sqlite3 CPU | Server CPU | CPU ratio | Rows/s | First byte | Size | Server RSS before | Peak | Growth | Core export (chunks) | One cursor |\n" +
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|";

    private double? Ratio => Cli is { } cli ? Download.Elapsed / cli.Elapsed : null;

    public string Progress() => string.Create(CultureInfo.InvariantCulture,
        $"round {Round}: sqlite3 {(Cli is { } cli ? $"{cli.Elapsed.TotalSeconds:F2} s (CPU {cli.Cpu.TotalSeconds:F2} s)" : "skipped")}, export {Download.Elapsed.TotalSeconds:F2} s " +
        $"(CPU {Download.ServerCpu.TotalSeconds:F2} s, {Download.Rows:N0} rows, {Download.Bytes / 1048576.0:N0} MiB, first byte {Download.FirstByte.TotalMilliseconds:F0} ms), ratio {(Ratio is { } r ? r.ToString("F2", CultureInfo.InvariantCulture) : "n/a")}, " +
        $"server RSS {Download.ResidentBeforeMiB:F0} → peak {Download.PeakMiB:F0} MiB; Core export {CoreReader.TotalSeconds:F2} s, one cursor {OneCursor.TotalSeconds:F2} s{(Verified ? "" : " — CHECK FAILED (row count)")}");

    public string TableRow() => string.Create(CultureInfo.InvariantCulture,
        $"| {Round} | {(Cli is { } cli ? $"{cli.Elapsed.TotalSeconds:F2} s" : "—")} | {Download.Elapsed.TotalSeconds:F2} s | {(Ratio is { } r ? r.ToString("F2", CultureInfo.InvariantCulture) : "—")} | " +
        $"{(Cli is { } c ? $"{c.Cpu.TotalSeconds:F2} s" : "—")} | {Download.ServerCpu.TotalSeconds:F2} s | {(Cli is { } d ? (Download.ServerCpu / d.Cpu).ToString("F2", CultureInfo.InvariantCulture) : "—")} | " +
        $"{Download.Rows / Download.Elapsed.TotalSeconds:N0} | {Download.FirstByte.TotalMilliseconds:F0} ms | {Download.Bytes / 1048576.0:N0} MiB | " +
        $"{Download.ResidentBeforeMiB:F0} MiB | {Download.PeakMiB:F0} MiB | {Download.GrowthMiB:F0} MiB | {CoreReader.TotalSeconds:F2} s | {OneCursor.TotalSeconds:F2} s |");
}
