using BenchmarkDotNet.Attributes;

namespace RpaWorkbench.Benchmarks.Dashboard;

/// <summary>
/// For contrast: the dashboard's figures aggregated straight over the 1,000,000 logs (no roll-up), unfiltered, 7 and 90
/// days, against the same bare-SQL baseline as <see cref="DashboardBenchmarks"/>. Seconds per call, so fewer iterations.
/// </summary>
[WarmupCount(1)]
[IterationCount(5)]
public class DashboardRawAggregationBenchmarks : DashboardBenchmarkBase
{
    [Params(7, 90)]
    public int Days { get; set; }

    [GlobalSetup]
    public Task SetUpAsync() => SetUpAsync(Days, DashboardFilter.None);

    [Benchmark]
    public Task<long> RawAggregationOverLogs() => BareSql.RawAggregationAsync(BareQuery, CancellationToken.None);
}
