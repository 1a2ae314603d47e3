using System.Security.Cryptography;
using RpaWorkbench.Benchmarks.Accounts;

namespace RpaWorkbench.Benchmarks.Ingest;

/// <summary>
/// <c>-- wal</c>: how large SQLite's write-ahead log gets under a steady stream of execution-complete callbacks. Under
/// load the background PASSIVE checkpoint never reaches the WAL's end by itself, and SQLite starts the log over only
/// once every frame is copied: the writer's share (<c>WalTail</c>) is what keeps the file from growing by everything
/// written. The Workbench as deployed (its own process, Production) on a SQLite file seeded with the fleet is loaded
/// closed-loop for <c>--seconds</c> with <c>--connections</c>, after a warm-up, while the <c>-wal</c> file is sampled every
/// 100 ms; its size is a high-water mark (SQLite writes a restarted log over the file from its start), so a log that
/// starts over levels off and one that never does grows through the run. Baseline, same run, same load: the Workbench with <c>Workbench:Database:CheckpointInterval=0</c> — no
/// background checkpoints, SQLite's own automatic checkpoint on the commit path (every 1,000 pages), the default the
/// Workbench departs from so that no commit pays for copying the log back. Each round measures both, one after the other.
/// </summary>
public static class WalGrowthBenchmark
{
    public const string Command = "wal";

    private const double MiB = 1024 * 1024;
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan SampleEvery = TimeSpan.FromMilliseconds(100);

    private static readonly (string Name, string[] Args)[] Variants =
    [
        ("Workbench (background checkpoints + writer's share)", []),
        ("baseline: SQLite's automatic checkpoint", ["--Workbench:Database:CheckpointInterval", "00:00:00"]),
    ];

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        Dictionary<string, int> options;
        try
        {
            options = WholeNumberOptions.Parse(args, new Dictionary<string, int> { ["--seconds"] = 60, ["--connections"] = 64, ["--rounds"] = 2 });
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return 2;
        }

        var (duration, connections, rounds) = (TimeSpan.FromSeconds(options["--seconds"]), options["--connections"], options["--rounds"]);
        var cancellationToken = ConsoleCancellation.Token;
        var machine = await MachineReport.CaptureAsync(cancellationToken);
        using var httpLoad = new HttpLoad();
        var load = (IClosedLoad?)await WrkLoad.FindAsync(cancellationToken) ?? httpLoad;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"WAL size under load: {machine.StartedUtc:yyyy-MM-dd HH:mm} UTC, {machine.Cpu}, {machine.Runtime}, SQLite {machine.Sqlite}, " +
            $"load average at start {machine.LoadAverageAtStart}; {load.Name}, {connections} connections, {duration.TotalSeconds:F0} s per phase after a {Warmup.TotalSeconds:F0} s warm-up."));

        var failed = 0L;
        var phase = 0;
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var (name, extraArgs) in Variants)
            {
                var result = await MeasureAsync(load, extraArgs, connections, duration, () => CallbackPayload.FirstRunOfPhase(++phase), cancellationToken);
                failed += result.Load.Failed;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"round {round}  {name,-52} {result.Load.RequestsPerSecond,7:N0} callbacks/s ({result.Load.Failed} failed)  " +
                    $"WAL after 1/4, 1/2, 3/4, all of the run: {string.Join(" / ", result.QuartersMiB.Select(q => q.ToString("F1", CultureInfo.InvariantCulture)))} MiB  " +
                    $"database file {result.DatabaseMiB:F0} MiB"));
            }
        }

        return failed == 0 ? 0 : 1;
    }

    private static async Task<WalResult> MeasureAsync(
        IClosedLoad load, string[] extraArgs, int connections, TimeSpan duration, Func<long> nextFirstRun, CancellationToken cancellationToken)
    {
        await using var database = await BenchmarkDatabase.CreateAsync(cancellationToken);
        await BenchmarkAccountSeeder.SeedAsync(database.Contexts, CallbackPayload.Accounts, DateTime.UtcNow, cancellationToken);
        var apiKey = "bench-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(17));
        await using var workbench = await IngestBenchmark.StartWorkbenchAsync(database, apiKey, cancellationToken, extraArgs);
        var target = new LoadTarget(new Uri(workbench.BaseAddress, IngestBenchmark.WebhookPath), apiKey);
        var file = new SqliteConnectionStringBuilder(database.ConnectionString).DataSource;

        await load.RunAsync(target, connections, Warmup, nextFirstRun(), cancellationToken);
        using var stopSampling = new CancellationTokenSource();
        var sampling = SampleAsync(file + "-wal", stopSampling.Token);
        var result = await load.RunAsync(target, connections, duration, nextFirstRun(), cancellationToken);
        await stopSampling.CancelAsync();
        var samples = await sampling;
        double[] quarters = [samples[(samples.Count / 4) - 1] / MiB, samples[(samples.Count / 2) - 1] / MiB, samples[(samples.Count * 3 / 4) - 1] / MiB,
            Size(file + "-wal") / MiB];
        return new WalResult(result, quarters, Size(file) / MiB);
    }

    private static async Task<List<long>> SampleAsync(string walFile, CancellationToken stop)
    {
        var samples = new List<long>();
        while (!stop.IsCancellationRequested)
        {
            samples.Add(Size(walFile));
            try
            {
                await Task.Delay(SampleEvery, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return samples.Count >= 4 ? samples : [.. samples, .. Enumerable.Repeat(Size(walFile), 4)];
    }

    private static long Size(string file) => File.Exists(file) ? new FileInfo(file).Length : 0;

    private sealed record WalResult(LoadResult Load, double[] QuartersMiB, double DatabaseMiB);
}
