using BenchmarkDotNet.Attributes;
using RpaWorkbench.Core.Dashboard;

namespace RpaWorkbench.Benchmarks.Dashboard;

/// <summary>
/// The whole dashboard (<see cref="DashboardService.GetAsync"/>) over 1,000,000 seeded logs and the roll-ups the seeder
/// kept with them, for 7 and 90 days, unfiltered and filtered by one account or one app, against the same queries in
/// bare SQL (baseline). Target: under 200 ms.
/// </summary>
[MemoryDiagnoser]
public class DashboardBenchmarks : DashboardBenchmarkBase
{
    [Params(7, 90)]
    public int Days { get; set; }

    [ParamsAllValues]
    public DashboardFilter By { get; set; }

    [GlobalSetup]
    public Task SetUpAsync() => SetUpAsync(Days, By);

    [Benchmark]
    public Task<DashboardSnapshot> Dashboard() => Service.GetAsync(Query, CancellationToken.None);
}
