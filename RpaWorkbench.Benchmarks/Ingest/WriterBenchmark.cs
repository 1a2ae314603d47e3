using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Benchmarks.Accounts;
using RpaWorkbench.Benchmarks.Infrastructure;
using RpaWorkbench.Core.Webhooks;
using RpaWorkbench.Core.Data;

namespace RpaWorkbench.Benchmarks.Ingest;

/// <summary>
/// <c>-- writer</c>: the ingest writer alone, in this process, without HTTP: the same callbacks as the load test
/// (parsed beforehand) written in batches of <c>--batch</c> (32) on one thread, as the group commit writes them, with a
/// background-style checkpoint every 1,280 callbacks. Reports wall time and CPU per callback per round: a steadier
/// figure than the load test's for comparing changes to the writer on a noisy machine.
/// </summary>
public static class WriterBenchmark
{
    public const string Command = "writer";

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var batchSize = Option(args, "--batch", 32);
        var rounds = Option(args, "--rounds", 5);
        var perRound = Option(args, "--callbacks", 40_000);
        await using var database = await BenchmarkDatabase.CreateAsync(ConsoleCancellation.Token);
        await BenchmarkAccountSeeder.SeedAsync(database.Contexts, CallbackPayload.Accounts, DateTime.UtcNow, ConsoleCancellation.Token);
        var parser = database.Services.GetRequiredService<CallbackParser>();
        var walTail = database.Services.GetRequiredService<WalTail>();
        using var writer = database.Services.GetRequiredService<CallbackBatchWriter>();
        var run = CallbackPayload.FirstRunOfPhase(0);
        Console.WriteLine($"Writer alone: batches of {batchSize}, {perRound:N0} callbacks per round, first round is warm-up.");
        for (var round = 0; round <= rounds; round++)
        {
            var callbacks = Enumerable.Range(0, perRound).Select(_ => (Callback)Parse(parser, run++)).ToList();
            var cpu = Environment.CpuUsage.TotalTime;
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < callbacks.Count; i += batchSize)
            {
                writer.Write(callbacks.GetRange(i, Math.Min(batchSize, callbacks.Count - i)));
                if ((i / batchSize) % (1280 / batchSize) == 0)
                {
                    walTail.Request();
                    writer.CheckpointIfDue();
                }
            }

            var wall = clock.Elapsed.TotalMicroseconds / perRound;
            var cpuPer = (Environment.CpuUsage.TotalTime - cpu).TotalMicroseconds / perRound;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{(round == 0 ? "warm-up" : $"round {round}"),-8} {wall,6:F1} µs wall  {cpuPer,6:F1} µs CPU per callback  ({1e6 / wall,7:N0}/s)"));
        }

        return 0;
    }

    private static ExecutionCallback Parse(CallbackParser parser, long run)
    {
        using var body = JsonDocument.Parse(CallbackPayload.Build(run));
        return parser.ParseExecution(body.RootElement);
    }

    private static int Option(IReadOnlyList<string> args, string name, int fallback)
    {
        var at = args.ToList().IndexOf(name);
        return at >= 0 && at + 1 < args.Count ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
