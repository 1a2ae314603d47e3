using System.Text.Json;
using RpaWorkbench.Benchmarks.Accounts;
using RpaWorkbench.Core.Webhooks;

namespace RpaWorkbench.Benchmarks.Ingest;

/// <summary>
/// <c>-- writer</c>: the ingest writer alone, in this process, without HTTP. The load test's callbacks, parsed
/// beforehand, are written in batches of <c>--batch</c> (32, about what 64 connections give) on one thread, as the group
/// commit writes them, with a checkpoint every 1,280 callbacks (about every 250 ms at full load). Each round writes the
/// same number of new runs three ways, each into its own migrated database: the bare insert of the runs
/// (<see cref="SqliteBareLogTable"/>, every index kept; the baseline), the Workbench's writer as shipped (its hot
/// statements through SQLitePCL), and the same writer with Microsoft.Data.Sqlite's prepared commands for those
/// statements (<see cref="HotStatement.PreparedCommandsOnSqlite"/>). Wall time and the process's CPU time per callback,
/// per round: steadier than the load test's figures on a noisy machine, and without wrk or Kestrel on the same cores.
/// </summary>
public static class WriterBenchmark
{
    public const string Command = "writer";

    private const int CheckpointEvery = 1280;

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        Dictionary<string, int> options;
        try
        {
            options = WholeNumberOptions.Parse(args, new Dictionary<string, int> { ["--batch"] = 32, ["--rounds"] = 5, ["--callbacks"] = 40_000 });
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return 2;
        }

        var (batchSize, rounds, perRound) = (options["--batch"], options["--rounds"], options["--callbacks"]);
        var cancellationToken = ConsoleCancellation.Token;
        await using var bare = await BenchmarkDatabase.CreateAsync(cancellationToken);
        await using var bareTable = new SqliteBareLogTable(bare.ConnectionString);
        await bareTable.OpenAsync(cancellationToken);
        await using var bareCheckpoints = new SqliteConnection(bare.ConnectionString);
        await bareCheckpoints.OpenAsync(cancellationToken);
        await using var raw = await WorkbenchWriter.CreateAsync(preparedCommands: false, cancellationToken);
        await using var commands = await WorkbenchWriter.CreateAsync(preparedCommands: true, cancellationToken);

        var parser = raw.Database.Services.GetRequiredService<CallbackParser>();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Ingest writer alone: batches of {batchSize}, {perRound:N0} callbacks per round and target, round 0 is warm-up; per callback:"));
        var run = CallbackPayload.FirstRunOfPhase(0);
        var (writerRatios, rawGains, rawCpuGains) = (new List<double>(), new List<double>(), new List<double>());
        for (var round = 0; round <= rounds; round++)
        {
            var bodies = Enumerable.Range(0, perRound).Select(i => CallbackPayload.Build(run + i)).ToList();
            run += perRound;
            var bareRuns = bodies.Select(ParseBare).ToList();
            var callbacks = bodies.Select(body => (Callback)Parse(parser, body)).ToList();

            var bareCost = Measure(bareRuns, batchSize, batch => bareTable.InsertAsync(batch, cancellationToken).GetAwaiter().GetResult(),
                () => Checkpoint(bareCheckpoints));
            // Alternated, so neither way always runs on the warmer (or the busier) machine.
            var (first, second) = round % 2 == 0 ? (raw, commands) : (commands, raw);
            var firstCost = first.Measure(callbacks, batchSize);
            var secondCost = second.Measure(callbacks, batchSize);
            var (rawCost, commandsCost) = first == raw ? (firstCost, secondCost) : (secondCost, firstCost);
            if (round > 0)
            {
                writerRatios.Add(bareCost.Wall / rawCost.Wall);
                rawGains.Add(commandsCost.Wall / rawCost.Wall);
                rawCpuGains.Add(commandsCost.Cpu / rawCost.Cpu);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"round {round}  bare indexed insert {bareCost}  |  writer, SQLitePCL {rawCost}  |  writer, prepared commands {commandsCost}  |  " +
                $"writer/bare {bareCost.Wall / rawCost.Wall:F2}, SQLitePCL/commands {commandsCost.Wall / rawCost.Wall:F3} (CPU {commandsCost.Cpu / rawCost.Cpu:F3})"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Median writer (SQLitePCL) / bare indexed insert (throughput ratio): {Median(writerRatios):F2}"));
        // Judged on CPU: a lone writer's wall time on a busy machine is mostly its wait for the disk's fsync, and under
        // HTTP load the writer's CPU is what it takes from the requests on two cores.
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"SQLitePCL over prepared commands per round, CPU per callback {Ratios(rawCpuGains)} (median {Median(rawCpuGains):F3}×), " +
            $"throughput {Ratios(rawGains)} (median {Median(rawGains):F3}×); worth keeping (commands need ≥ 1.10× its CPU): {(Median(rawCpuGains) >= 1.10 ? "yes" : "no")}"));
        return 0;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static string Ratios(List<double> values) => string.Join(", ", values.Select(v => v.ToString("F3", CultureInfo.InvariantCulture)));

    internal static Cost Measure<T>(List<T> items, int batchSize, Action<List<T>> write, Action checkpoint)
    {
        var cpu = Environment.CpuUsage.TotalTime;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < items.Count; i += batchSize)
        {
            write(items.GetRange(i, Math.Min(batchSize, items.Count - i)));
            if ((i + batchSize) % CheckpointEvery < batchSize)
            {
                checkpoint();
            }
        }

        return new Cost(clock.Elapsed.TotalMicroseconds / items.Count, (Environment.CpuUsage.TotalTime - cpu).TotalMicroseconds / items.Count);
    }

    private static void Checkpoint(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        command.ExecuteNonQuery();
    }

    private static BareRun ParseBare(byte[] body)
    {
        using var json = JsonDocument.Parse(body);
        return BareRun.Parse(json.RootElement);
    }

    private static ExecutionCallback Parse(CallbackParser parser, byte[] body)
    {
        using var json = JsonDocument.Parse(body);
        return parser.ParseExecution(json.RootElement);
    }

    internal readonly record struct Cost(double Wall, double Cpu)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Wall,6:F1} µs wall {Cpu,6:F1} µs CPU ({1e6 / Wall,6:N0}/s)");
    }
}
