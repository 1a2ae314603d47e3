using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RpaWorkbench.Benchmarks.Accounts;
using RpaWorkbench.Benchmarks.Infrastructure;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Dashboard;
using RpaWorkbench.Core.Time;

namespace RpaWorkbench.Benchmarks.Dashboard;

/// <summary>
/// The whole dashboard (<see cref="DashboardService.GetAsync"/>, 90 and 7 days) over 1,000,000 logs with the roll-up
/// built by the rebuild, against the same roll-up queries in bare SQL (baseline) and the aggregations over the logs.
/// </summary>
[MemoryDiagnoser]
public class DashboardBenchmarks
{
    private const int LogCount = 1_000_000;

    private BenchmarkDatabase _database = null!;
    private DashboardService _dashboard = null!;
    private DashboardBareSql _bareSql = null!;
    private DateTime _now;
    private DateOnly _firstDay;
    private DateTime _fromUtc;

    [GlobalSetup]
    public async Task SetUpAsync()
    {
        _database = await BenchmarkDatabase.CreateAsync(CancellationToken.None);
        var services = _database.Services;
        _now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        BenchmarkLogSeeder.Seed(_database.ConnectionString, LogCount, _now);
        await services.GetRequiredService<DailyRollupRebuilder>().RebuildAsync(CancellationToken.None);

        _dashboard = new DashboardService(_database.Contexts, services.GetRequiredService<TimeProvider>(), services.GetRequiredService<OperatorTime>(),
            services.GetRequiredService<IOptions<AccountOptions>>(), new BenchmarkViewer());
        _bareSql = new DashboardBareSql(_database.ConnectionString);
        var snapshot = await _dashboard.GetAsync(new DashboardQuery(90), CancellationToken.None);
        (_firstDay, _fromUtc) = (snapshot.FirstDay, snapshot.FromUtc);
        if (snapshot.Trend.Sum(d => d.Completed + d.Failed) < LogCount / 2)
        {
            throw new InvalidOperationException("The roll-up does not cover the seeded logs: the comparison would be meaningless.");
        }
    }

    [GlobalCleanup]
    public async Task CleanUpAsync() => await _database.DisposeAsync();

    [Benchmark(Baseline = true)]
    public Task<int> BareSqlRollupQueries90Days() => _bareSql.RollupQueriesAsync(_firstDay, _fromUtc, _now, CancellationToken.None);

    [Benchmark]
    public Task<DashboardSnapshot> Dashboard90Days() => _dashboard.GetAsync(new DashboardQuery(90), CancellationToken.None);

    [Benchmark]
    public Task<DashboardSnapshot> Dashboard7Days() => _dashboard.GetAsync(new DashboardQuery(7), CancellationToken.None);

    [Benchmark]
    public Task<int> RawAggregationOverLogs90Days() => _bareSql.RawAggregationAsync(_fromUtc, CancellationToken.None);
}
