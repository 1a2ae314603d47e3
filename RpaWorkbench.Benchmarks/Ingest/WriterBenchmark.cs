using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Benchmarks.Accounts;
using RpaWorkbench.Benchmarks.Infrastructure;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Webhooks;

namespace RpaWorkbench.Benchmarks.Ingest;

/// <summary>
/// <c>-- writer</c>: the ingest writer alone, in this process, without HTTP. The load test's callbacks, parsed
/// beforehand, are written in batches of <c>--batch</c> (32, about what 64 connections give) on one thread, as the group
/// commit writes them, with a checkpoint every 1,280 callbacks (about every 250 ms at full load). Baseline, same run,
/// same batches: the bare insert of the same runs into a second migrated database (<see cref="SqliteBareLogTable"/>,
/// every index kept). Wall time and the process's CPU time per callback, per round: steadier than the load test's
/// figures for comparing changes to the writer on a noisy machine, and without wrk or Kestrel on the same cores.
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
        await using var workbench = await BenchmarkDatabase.CreateAsync(cancellationToken);
        await using var bare = await BenchmarkDatabase.CreateAsync(cancellationToken);
        await BenchmarkAccountSeeder.SeedAsync(workbench.Contexts, CallbackPayload.Accounts, DateTime.UtcNow, cancellationToken);
        await using var bareTable = new SqliteBareLogTable(bare.ConnectionString);
        await bareTable.OpenAsync(cancellationToken);
        await using var bareCheckpoints = new SqliteConnection(bare.ConnectionString);
        await bareCheckpoints.OpenAsync(cancellationToken);

        var parser = workbench.Services.GetRequiredService<CallbackParser>();
        var walTail = workbench.Services.GetRequiredService<WalTail>();
        using var writer = workbench.Services.GetRequiredService<CallbackBatchWriter>();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Ingest writer alone: batches of {batchSize}, {perRound:N0} callbacks per round and target, round 0 is warm-up; per callback:"));
        var run = CallbackPayload.FirstRunOfPhase(0);
        var ratios = new List<double>();
        for (var round = 0; round <= rounds; round++)
        {
            var bodies = Enumerable.Range(0, perRound).Select(i => CallbackPayload.Build(run + i)).ToList();
            run += perRound;
            var bareRuns = bodies.Select(ParseBare).ToList();
            var callbacks = bodies.Select(body => (Callback)Parse(parser, body)).ToList();

            var bareCost = Measure(bareRuns, batchSize, batch => bareTable.InsertAsync(batch, cancellationToken).GetAwaiter().GetResult(),
                () => Checkpoint(bareCheckpoints));
            // As the background checkpoint does: the writer's store copies the WAL's tail before its next batch.
            var writerCost = Measure(callbacks, batchSize, batch => writer.Write(batch), walTail.Request);
            var ratio = bareCost.Wall / writerCost.Wall;
            if (round > 0)
            {
                ratios.Add(ratio);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"round {round}  bare indexed insert {bareCost}  |  Workbench writer {writerCost}  |  writer/bare {ratio:F2}"));
        }

        ratios.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Median writer / bare indexed insert (throughput ratio): {ratios[ratios.Count / 2]:F2}"));
        return 0;
    }

    private static Cost Measure<T>(List<T> items, int batchSize, Action<List<T>> write, Action checkpoint)
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

    private readonly record struct Cost(double Wall, double Cpu)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Wall,6:F1} µs wall {Cpu,6:F1} µs CPU ({1e6 / Wall,6:N0}/s)");
    }
}
