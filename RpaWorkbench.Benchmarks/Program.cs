using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// In-process: no generated project to restore and build (so no network), and a full run fits in a few minutes on 2 cores.
// AsDefault: a benchmark class that declares its own job attribute runs that job instead.
var config = DefaultConfig.Instance.AddJob(Job.Default
    .WithWarmupCount(3)
    .WithIterationCount(10)
    .WithToolchain(InProcessEmitToolchain.Instance)
    .AsDefault());

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args.Length == 0 ? ["--filter", "*"] : args, config);
