using BenchmarkDotNet.Attributes;
using RpaWorkbench.Benchmarks.Accounts;
using RpaWorkbench.Core.Common;
using RpaWorkbench.Core.Executions;

namespace RpaWorkbench.Benchmarks.Logs;

/// <summary>
/// The logs page query over 1,000,000 seeded logs (<see cref="LogSeeder"/>) in a migrated SQLite file:
/// <see cref="ExecutionLogService.ListAsync"/> on typical pages, against the account page in bare SQL as the
/// same-run baseline. Target: every page under 50 ms.
/// </summary>
[MemoryDiagnoser]
public class LogPageBenchmarks
{
    private const string Account = "tygj007";
    private const int PageSize = 25;

    private ExecutionLogService _logs = null!;
    private LogPageSql _bareSql = null!;
    private ExecutionLogFilter _failedLast7Days = null!;
    private string _app = null!;

    [GlobalSetup]
    public async Task SetUpAsync()
    {
        var database = await SeededLogDatabase.GetAsync();
        _logs = ActivatorUtilities.CreateInstance<ExecutionLogService>(database.Services, new BenchmarkViewer());
        _bareSql = new LogPageSql(database.ConnectionString);
        var now = database.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        _failedLast7Days = new ExecutionLogFilter { Status = ExecutionStatus.Failed, FromUtc = now.AddDays(-7) };
        _app = (await _logs.AppNamesAsync(CancellationToken.None))[0];
        await EnsureBaselineMatchesServiceAsync();
    }

    [Benchmark(Baseline = true)]
    public Task<PageResult<BareLogRow>> BareSqlAccountPage() => _bareSql.ListAsync(Account, PageSize, CancellationToken.None);

    [Benchmark]
    public Task<PageResult<ExecutionLogRow>> FirstPage() => List(new ExecutionLogFilter());

    [Benchmark]
    public Task<PageResult<ExecutionLogRow>> AccountPage() => List(new ExecutionLogFilter { Account = Account });

    [Benchmark]
    public Task<PageResult<ExecutionLogRow>> FailedLast7Days() => List(_failedLast7Days);

    [Benchmark]
    public Task<PageResult<ExecutionLogRow>> AppAndText() => List(new ExecutionLogFilter { App = _app, Text = "超时" });

    [Benchmark]
    public Task<PageResult<ExecutionLogRow>> AccountAndFailed() => List(new ExecutionLogFilter { Account = Account, Status = ExecutionStatus.Failed });

    // Zero-based page 399: rows 9,976–10,000, the last page the capped count offers.
    [Benchmark]
    public Task<PageResult<ExecutionLogRow>> DeepPage399() => List(new ExecutionLogFilter(), page: 399);

    [Benchmark]
    public Task<PageResult<ExecutionLogRow>> SortedByDuration() =>
        _logs.ListAsync(new ExecutionLogFilter(), ExecutionLogSort.Duration, descending: true, 0, PageSize, CancellationToken.None);

    private Task<PageResult<ExecutionLogRow>> List(ExecutionLogFilter filter, int page = 0) =>
        _logs.ListAsync(filter, ExecutionLogSort.StartTime, descending: true, page, PageSize, CancellationToken.None);

    // A baseline that returned other rows than the service would make the ratio meaningless.
    private async Task EnsureBaselineMatchesServiceAsync()
    {
        var service = await AccountPage();
        var bare = await BareSqlAccountPage();
        if (service.Items.Count == 0 || service.TotalCount != bare.TotalCount
            || !service.Items.Select(r => (r.Id, r.Text, r.HasLog)).SequenceEqual(bare.Items.Select(r => (r.Id, r.Text, r.HasLog))))
        {
            throw new InvalidOperationException($"The bare SQL account page ({bare.TotalCount}) and ExecutionLogService ({service.TotalCount}) disagree or are empty.");
        }
    }
}
