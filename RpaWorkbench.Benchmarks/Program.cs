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
// AsDefault: a benchmark class that declares its own job attribute runs that job instead.
var config = DefaultConfig.Instance.AddJob(Job.Default
    .WithWarmupCount(3)
    .WithIterationCount(10)
    .WithToolchain(InProcessEmitToolchain.Instance)
    .AsDefault());

BenchmarkSwitcher.FromAssembly(typeof(AccountPageBenchmarks).Assembly).Run(args.Length == 0 ? ["--filter", "*"] : args, config);
return 0;
