using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using RpaWorkbench.Benchmarks.Accounts;
using RpaWorkbench.Benchmarks.Export;
using RpaWorkbench.Benchmarks.Ingest;

// "ingest" is the webhook load test (a harness, not a BenchmarkDotNet benchmark); it starts this program again as
// its baselines server. "export" (also a harness) is the CSV export of 1,000,000 logs against the sqlite3 shell.
// Anything else goes to BenchmarkDotNet.
switch (args.FirstOrDefault())
{
    case IngestBenchmark.Command:
        return await IngestBenchmark.RunAsync(args[1..]);
    case ExportBenchmark.Command:
        return await ExportBenchmark.RunAsync(args[1..]);
    case BaselineServer.Command:
        await BaselineServer.RunAsync(args[1..]);
        return 0;
}

// In-process: no generated project to restore and build (so no network), and a full run fits in a few minutes on 2 cores.
// The in-process toolchain gives up on a benchmark after 5 minutes by default, set-up included: seeding 1,000,000 logs
// on a loaded machine can take that long on its own. AsDefault: a class that declares its own job runs that instead.
var config = DefaultConfig.Instance.AddJob(Job.Default
    .WithWarmupCount(3)
    .WithIterationCount(10)
    .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(20), logOutput: true))
    .AsDefault());

BenchmarkSwitcher.FromAssembly(typeof(AccountPageBenchmarks).Assembly).Run(args.Length == 0 ? ["--filter", "*"] : args, config);
return 0;
