namespace RpaWorkbench.Benchmarks.Ingest;

/// <summary>
/// An endpoint under test; <see cref="Database"/> is where its runs are stored (none for the trivial endpoint);
/// <see cref="DatabaseCpu"/> reads the CPU time of a database server in processes of its own (PostgreSQL), if any.
/// </summary>
public sealed record IngestTarget(string Name, LoadTarget Load, ServerProcess Server, BenchmarkDatabase? Database, Func<TimeSpan>? DatabaseCpu);

/// <summary>
/// One target in one round: closed-loop and paced results, the rows each stored, and the requests that failed in the
/// unmeasured warm-ups before them (which must be none as well).
/// </summary>
public sealed record Measurement(
    IngestTarget Target, int Round, LoadResult Closed, TimeSpan ClosedServerCpu, TimeSpan? ClosedDatabaseCpu, long ClosedStored,
    LoadResult Paced, long PacedStored, long WarmupFailed)
{
    /// <summary>Server CPU time per answered request in the closed-loop run, in microseconds.</summary>
    public double CpuMicrosecondsPerRequest => ClosedServerCpu.TotalMicroseconds / Math.Max(1, Closed.Completed);

    /// <summary>The database server's CPU time per answered request in the closed-loop run (PostgreSQL only), in microseconds.</summary>
    public double? DatabaseCpuMicrosecondsPerRequest => ClosedDatabaseCpu?.TotalMicroseconds / Math.Max(1, Closed.Completed);

    /// <summary>
    /// No failed request, and exactly one row per 200: the paced load waits for every answer, so its rows equal its 200s;
    /// wrk stops with requests in flight that the server may still store, so its rows lie between its 200s and its sends.
    /// </summary>
    public bool Verified => Closed.Failed == 0 && Paced.Failed == 0 && WarmupFailed == 0
        && (Target.Database is null || (ClosedStored >= Closed.Ok && ClosedStored <= Closed.Sent && PacedStored == Paced.Ok));
}

/// <summary>Loads one target: warm-up, measured closed-loop run, paced run, counting the rows stored around each.</summary>
public sealed class IngestRunner(IngestSettings settings, IClosedLoad closedLoad, HttpLoad httpLoad)
{
    private static readonly TimeSpan PacedWarmup = TimeSpan.FromSeconds(1);

    // Before the first round the server is loaded in windows until its CPU per request settles: tiered compilation
    // (with dynamic PGO) of the Workbench's far larger code path takes from 10 s to over a minute on 2 busy cores, and
    // a round measured before it finishes charges the JIT to every request.
    private static readonly TimeSpan WarmupWindow = TimeSpan.FromSeconds(5);
    private const int MinWarmupWindows = 4;
    private const int MaxWarmupWindows = 24;
    private const double SettledWithin = 0.05;

    private readonly Dictionary<string, long> _warmupFailed = [];
    private int _phase;

    /// <summary>
    /// Loads the target, unmeasured, until two successive windows cost the server the same CPU per request (within 5%)
    /// and no more than 10% above the cheapest window, at least 20 s and at most 2 minutes; prints the CPU per request of each window. Failures are reported with
    /// its first measurement.
    /// </summary>
    public async Task WarmUpAsync(IngestTarget target, CancellationToken cancellationToken)
    {
        var failed = 0L;
        var costs = new List<double>();
        for (var window = 1; window <= MaxWarmupWindows; window++)
        {
            var cpu = target.Server.CpuTime;
            var closed = await closedLoad.RunAsync(target.Load, settings.Connections, WarmupWindow, NextFirstRun(), cancellationToken);
            failed += closed.Failed;
            costs.Add((target.Server.CpuTime - cpu).TotalMicroseconds / Math.Max(1, closed.Completed));
            if (window >= MinWarmupWindows && IsSettled(costs))
            {
                break;
            }
        }

        Console.WriteLine($"  {target.Name}: server CPU per request over the warm-up windows (µs): {string.Join(", ", costs.Select(c => c.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)))}");
        var paced = await httpLoad.PacedAsync(target.Load, settings.Rate, PacedWarmup, NextFirstRun(), cancellationToken);
        _warmupFailed[target.Name] = _warmupFailed.GetValueOrDefault(target.Name) + failed + paced.Failed;
    }

    // The last two windows agree and are near the cheapest seen: a plateau while the JIT is still busy (or another
    // process takes the CPU for a while) is higher than the cheapest window and does not count.
    private static bool IsSettled(List<double> costs) =>
        Math.Abs(costs[^1] - costs[^2]) <= SettledWithin * costs[^2] && costs[^1] <= (1 + (2 * SettledWithin)) * costs.Min();

    public async Task<Measurement> MeasureAsync(IngestTarget target, int round, CancellationToken cancellationToken)
    {
        var warmupFailed = _warmupFailed.Remove(target.Name, out var earlier) ? earlier : 0;
        warmupFailed += (await closedLoad.RunAsync(target.Load, settings.Connections, settings.Warmup, NextFirstRun(), cancellationToken)).Failed;
        var before = await SettledCountAsync(target, cancellationToken);
        var cpu = target.Server.CpuTime;
        var databaseCpu = target.DatabaseCpu?.Invoke();
        var closed = await closedLoad.RunAsync(target.Load, settings.Connections, settings.Duration, NextFirstRun(), cancellationToken);
        cpu = target.Server.CpuTime - cpu;
        databaseCpu = target.DatabaseCpu?.Invoke() - databaseCpu;
        var afterClosed = await SettledCountAsync(target, cancellationToken);

        warmupFailed += (await httpLoad.PacedAsync(target.Load, settings.Rate, PacedWarmup, NextFirstRun(), cancellationToken)).Failed;
        var beforePaced = await SettledCountAsync(target, cancellationToken);
        var paced = await httpLoad.PacedAsync(target.Load, settings.Rate, settings.Duration, NextFirstRun(), cancellationToken);
        var afterPaced = await SettledCountAsync(target, cancellationToken);

        return new Measurement(target, round, closed, cpu, databaseCpu, afterClosed - before, paced, afterPaced - beforePaced, warmupFailed);
    }

    /// <summary>Rows in ExecutionLogs once no more are arriving (requests wrk left in flight are still being stored).</summary>
    private static async Task<long> SettledCountAsync(IngestTarget target, CancellationToken cancellationToken)
    {
        if (target.Database is null)
        {
            return 0;
        }

        const string CountRows = """SELECT COUNT(*) FROM "ExecutionLogs";""";
        var count = await target.Database.ScalarAsync<long>(CountRows, cancellationToken);
        for (var unchanged = 0; unchanged < 2;)
        {
            await Task.Delay(250, cancellationToken);
            var again = await target.Database.ScalarAsync<long>(CountRows, cancellationToken);
            unchanged = again == count ? unchanged + 1 : 0;
            count = again;
        }

        return count;
    }

    private long NextFirstRun() => CallbackPayload.FirstRunOfPhase(Interlocked.Increment(ref _phase));
}
