using BenchmarkDotNet.Toolchains;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace RpaWorkbench.Benchmarks.Infrastructure;

/// <summary>
/// In-process: no generated project to restore and build (so no network). The toolchain gives up on a benchmark after
/// 5 minutes by default, set-up included; seeding 1,000,000 logs on a loaded machine can take that long on its own.
/// </summary>
internal static class LongInProcessToolchain
{
    public static readonly IToolchain Instance = new InProcessEmitToolchain(TimeSpan.FromMinutes(20), logOutput: true);
}
