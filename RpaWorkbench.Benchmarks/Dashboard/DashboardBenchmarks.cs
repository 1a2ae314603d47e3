using BenchmarkDotNet.Attributes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RpaWorkbench.Benchmarks.Accounts;
using RpaWorkbench.Benchmarks.Infrastructure;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Dashboard;

namespace RpaWorkbench.Benchmarks.Dashboard;

/// <summary>
/// The whole dashboard (<see cref="DashboardService.GetAsync"/>) over 1,000,000 seeded logs and the roll-ups the seeder
/// kept with them, for 7 and 90 days, unfiltered and filtered by one account or one app; against the same queries in
/// bare SQL (baseline) and, for contrast, the same figures aggregated straight over the logs. Target: under 200 ms.
/// </summary>
[MemoryDiagnoser]
public class DashboardBenchmarks
{
    private const string Account = "tygj007";

    // Checked once per process (BenchmarkDotNet runs the set-ups one after another): the roll-ups give what the logs give.
    private static bool _rollupsChecked;

    private DashboardService _dashboard = null!;
    private DashboardBareSql _bareSql = null!;
    private DashboardQuery _query = null!;
    private BareDashboardQuery _bareQuery = null!;

    public enum Filter
    {
        None,
        Account,
        App,
    }

    [Params(7, 90)]
    public int Days { get; set; }

    [ParamsAllValues]
    public Filter By { get; set; }

    [GlobalSetup]
    public async Task SetUpAsync()
    {
        var database = await SeededLogDatabase.GetAsync();
        var services = database.Services;
        _dashboard = ActivatorUtilities.CreateInstance<DashboardService>(services, new BenchmarkViewer());
        _bareSql = new DashboardBareSql(database.ConnectionString);
        var app = await BusiestAppAsync(database);
        _query = new DashboardQuery(Days, By == Filter.Account ? Account : null, By == Filter.App ? app : null);

        var snapshot = await _dashboard.GetAsync(_query, CancellationToken.None);
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var offlineAfter = services.GetRequiredService<IOptions<AccountOptions>>().Value.OfflineAfter;
        _bareQuery = new BareDashboardQuery(snapshot.FirstDay, snapshot.Today, snapshot.FromUtc, now, now - offlineAfter, _query.Account, _query.App);
        if (!_rollupsChecked)
        {
            await EnsureRollupsMatchLogsAsync(database, app);
            _rollupsChecked = true;
        }
    }

    [Benchmark(Baseline = true)]
    public Task<long> BareSqlRollupQueries() => _bareSql.RollupQueriesAsync(_bareQuery, CancellationToken.None);

    [Benchmark]
    public Task<DashboardSnapshot> Dashboard() => _dashboard.GetAsync(_query, CancellationToken.None);

    [Benchmark]
    public Task<long> RawAggregationOverLogs() => _bareSql.RawAggregationAsync(_bareQuery, CancellationToken.None);

    private static async Task<string> BusiestAppAsync(BenchmarkDatabase database)
    {
        await using var db = await database.Contexts.CreateDbContextAsync();
        return await db.DailyRollups.GroupBy(r => r.AppName).OrderByDescending(g => g.Sum(r => r.Runs)).Select(g => g.Key).FirstAsync();
    }

    // Ratios against a roll-up that missed logs would be meaningless: the roll-ups must count every seeded log, and the
    // top failure messages must be those the logs give, unfiltered and for one app.
    private async Task EnsureRollupsMatchLogsAsync(BenchmarkDatabase database, string app)
    {
        await using (var db = await database.Contexts.CreateDbContextAsync())
        {
            var runs = await db.DailyRollups.SumAsync(r => r.Runs);
            if (runs != SeededLogDatabase.LogCount)
            {
                throw new InvalidOperationException($"The daily roll-up counts {runs:N0} runs, not the {SeededLogDatabase.LogCount:N0} seeded logs.");
            }
        }

        foreach (var filterApp in new[] { null, app })
        {
            var snapshot = await _dashboard.GetAsync(new DashboardQuery(90, App: filterApp), CancellationToken.None);
            var fromRollup = snapshot.TopFailures;
            var fromLogs = await _bareSql.TopFailuresOverLogsAsync(
                _bareQuery with { FromUtc = snapshot.FromUtc, Account = null, App = filterApp }, CancellationToken.None);
            if (fromRollup.Count == 0 || !fromRollup.SequenceEqual(fromLogs))
            {
                throw new InvalidOperationException(
                    $"Top failures from the roll-up ({string.Join("; ", fromRollup)}) differ from the logs ({string.Join("; ", fromLogs)}).");
            }
        }
    }
}
