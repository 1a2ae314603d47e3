using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Options;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Audit;
using RpaWorkbench.Core.Common;

namespace RpaWorkbench.Benchmarks.Accounts;

/// <summary>
/// The accounts page query over 10,000 accounts in a migrated SQLite file: <see cref="AccountService.ListAsync"/> on
/// three typical pages, against the search page in bare SQL as the same-run baseline.
/// </summary>
[MemoryDiagnoser]
public class AccountPageBenchmarks
{
    private const int AccountCount = 10_000;

    private static readonly AccountQuery FirstPage = new();

    private static readonly AccountQuery SearchPage = new()
    {
        Search = "tygj0012",
        Status = AccountStatus.Completed,
        SortBy = AccountSort.LastHeartbeat,
        Descending = true,
    };

    // Zero-based page 200: rows 5,001–5,025, in the middle of the list.
    private static readonly AccountQuery DeepPage = new() { SortBy = AccountSort.TaskCount, Page = 200 };

    private BenchmarkDatabase _database = null!;
    private AccountService _accounts = null!;
    private AccountSearchPageSql _bareSql = null!;
    private TimeProvider _clock = null!;
    private TimeSpan _offlineAfter;

    [GlobalSetup]
    public async Task SetUpAsync()
    {
        _database = await BenchmarkDatabase.CreateAsync(CancellationToken.None);
        _clock = _database.Services.GetRequiredService<TimeProvider>();
        _offlineAfter = _database.Services.GetRequiredService<IOptions<AccountOptions>>().Value.OfflineAfter;
        var viewer = new BenchmarkViewer();
        _accounts = ActivatorUtilities.CreateInstance<AccountService>(_database.Services, viewer, new AuditTrail(viewer, TimeProvider.System));
        _bareSql = new AccountSearchPageSql(_database.ConnectionString);

        await BenchmarkAccountSeeder.SeedAsync(_database.Contexts, AccountCount, _clock.GetUtcNow().UtcDateTime, CancellationToken.None);
        await EnsureBaselineMatchesServiceAsync();
    }

    [GlobalCleanup]
    public async Task CleanUpAsync() => await _database.DisposeAsync();

    [Benchmark(Baseline = true)]
    public Task<PageResult<BareAccountRow>> BareSqlSearchPage() => ListBareSearchPageAsync();

    [Benchmark]
    public Task<PageResult<AccountRow>> FirstPageByAccount() => _accounts.ListAsync(FirstPage, CancellationToken.None);

    [Benchmark]
    public Task<PageResult<AccountRow>> SearchPageByHeartbeat() => _accounts.ListAsync(SearchPage, CancellationToken.None);

    [Benchmark]
    public Task<PageResult<AccountRow>> Page200ByTaskCount() => _accounts.ListAsync(DeepPage, CancellationToken.None);

    private Task<PageResult<BareAccountRow>> ListBareSearchPageAsync() => _bareSql.ListAsync(
        SearchPage.Search!, SearchPage.Status!.Value, _clock.GetUtcNow().UtcDateTime - _offlineAfter,
        SearchPage.Page, SearchPage.PageSize, CancellationToken.None);

    // A baseline that returned other rows than the service would make the ratio meaningless.
    private async Task EnsureBaselineMatchesServiceAsync()
    {
        var service = await _accounts.ListAsync(SearchPage, CancellationToken.None);
        var bare = await ListBareSearchPageAsync();
        var same = service.TotalCount == bare.TotalCount
                   && service.Items.Select(row => (row.Id, row.TaskCount, row.IsOnline))
                       .SequenceEqual(bare.Items.Select(row => (row.Id, row.TaskCount, row.IsOnline)));
        if (service.Items.Count == 0 || !same)
        {
            throw new InvalidOperationException(
                $"The bare SQL search page ({bare.TotalCount} matches) and AccountService ({service.TotalCount}) disagree or are empty.");
        }
    }
}
