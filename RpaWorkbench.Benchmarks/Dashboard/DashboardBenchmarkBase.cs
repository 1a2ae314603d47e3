using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Options;
using RpaWorkbench.Benchmarks.Accounts;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Dashboard;

namespace RpaWorkbench.Benchmarks.Dashboard;

/// <summary>Which filter a dashboard benchmark applies.</summary>
public enum DashboardFilter
{
    None,
    Account,
    App,
}

/// <summary>
/// What the dashboard benchmarks share: the database of 1,000,000 seeded logs with the roll-ups the seeder kept, the
/// service, the bare SQL, one request (range and filter) in both forms, and the bare-SQL baseline.
/// </summary>
public abstract class DashboardBenchmarkBase
{
    private const string Account = "tygj007";

    // Checked once per process (BenchmarkDotNet runs the set-ups one after another): the roll-ups give what the logs give.
    private static bool _rollupsChecked;

    protected DashboardService Service { get; private set; } = null!;
    private protected DashboardBareSql BareSql { get; private set; } = null!;
    protected DashboardQuery Query { get; private set; } = null!;
    private protected BareDashboardQuery BareQuery { get; private set; } = null!;

    [Benchmark(Baseline = true)]
    public Task<long> BareSqlRollupQueries() => BareSql.RollupQueriesAsync(BareQuery, CancellationToken.None);

    protected async Task SetUpAsync(int days, DashboardFilter filter)
    {
        var database = await SeededLogDatabase.GetAsync();
        var services = database.Services;
        Service = ActivatorUtilities.CreateInstance<DashboardService>(services, new BenchmarkViewer());
        BareSql = new DashboardBareSql(database.ConnectionString);
        var app = await BusiestAppAsync(database);
        Query = new DashboardQuery(days, filter == DashboardFilter.Account ? Account : null, filter == DashboardFilter.App ? app : null);

        var snapshot = await Service.GetAsync(Query, CancellationToken.None);
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var offlineAfter = services.GetRequiredService<IOptions<AccountOptions>>().Value.OfflineAfter;
        BareQuery = new BareDashboardQuery(snapshot.FirstDay, snapshot.Today, snapshot.FromUtc, now, now - offlineAfter, Query.Account, Query.App);
        if (!_rollupsChecked)
        {
            await EnsureRollupsMatchLogsAsync(database, app);
            _rollupsChecked = true;
        }
    }

    private static async Task<string> BusiestAppAsync(BenchmarkDatabase database)
    {
        await using var db = await database.Contexts.CreateDbContextAsync();
        return await db.DailyRollups.GroupBy(r => r.AppName).OrderByDescending(g => g.Sum(r => r.Runs)).Select(g => g.Key).FirstAsync();
    }

    // Ratios against roll-ups that missed logs would be meaningless: the daily roll-up must count every seeded log, and
    // the top failure messages must be those the logs give (90 days, unfiltered and for one app).
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
            var snapshot = await Service.GetAsync(new DashboardQuery(90, App: filterApp), CancellationToken.None);
            var fromLogs = await BareSql.TopFailuresOverLogsAsync(
                BareQuery with { FromUtc = snapshot.FromUtc, Account = null, App = filterApp }, CancellationToken.None);
            if (snapshot.TopFailures.Count == 0 || !snapshot.TopFailures.SequenceEqual(fromLogs))
            {
                throw new InvalidOperationException(
                    $"Top failures from the roll-up ({string.Join("; ", snapshot.TopFailures)}) differ from the logs ({string.Join("; ", fromLogs)}).");
            }
        }
    }
}
