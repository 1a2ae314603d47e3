using RpaWorkbench.Core.Common;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Tests.Infrastructure;
using RpaWorkbench.Web.Features.Executions;
using RpaWorkbench.Core.Time;
using static RpaWorkbench.Tests.Executions.TestLogs;

namespace RpaWorkbench.Tests.Executions;

public abstract class ExecutionLogServiceTests(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly DateTime Noon = new(2026, 11, 25, 4, 0, 0, DateTimeKind.Utc); // 12:00 in Shanghai

    private readonly CoreTestHost _core = new(provider);
    private CancellationToken Ct => TestContext.Current.CancellationToken;
    private ExecutionLogService Service => _core.Get<ExecutionLogService>();

    public async ValueTask InitializeAsync() => await _core.MigrateAsync();

    public ValueTask DisposeAsync() => _core.DisposeAsync();

    [Fact]
    public async Task List_EachFilterAndCombination_ReturnsOnlyMatchingRuns()
    {
        await AddAsync(_core.Services,
            Log("tygj001", "云仓收藏", ExecutionStatus.Completed, Noon.AddHours(-1)),
            Log("tygj001", "云仓收藏", ExecutionStatus.Failed, Noon.AddHours(-2), error: "元素未找到 ElementNotFound"),
            Log("tygj001", "订单同步", ExecutionStatus.Failed, Noon.AddHours(-3), error: "网页加载超时 Timeout"),
            Log("tygj002", "订单同步", ExecutionStatus.Completed, Noon.AddHours(-4), text: "订单同步：100% 完成"),
            Log("tygj002", "云仓收藏", ExecutionStatus.TimedOut, Noon.AddDays(-8)));

        Assert.Equal(5, await CountAsync(new ExecutionLogFilter()));
        Assert.Equal(3, await CountAsync(new ExecutionLogFilter { Account = "tygj001" }));
        Assert.Equal(3, await CountAsync(new ExecutionLogFilter { App = "云仓收藏" }));
        Assert.Equal(2, await CountAsync(new ExecutionLogFilter { Status = ExecutionStatus.Failed }));
        Assert.Equal(2, await CountAsync(new ExecutionLogFilter { Account = "tygj001", Status = ExecutionStatus.Failed }));
        Assert.Equal(1, await CountAsync(new ExecutionLogFilter { Account = "tygj001", App = "订单同步", Status = ExecutionStatus.Failed }));
        Assert.Equal(4, await CountAsync(new ExecutionLogFilter { FromUtc = Noon.AddDays(-7) }));
        Assert.Equal(1, await CountAsync(new ExecutionLogFilter { ToUtc = Noon.AddDays(-7) }));
        Assert.Equal(1, await CountAsync(new ExecutionLogFilter { Status = ExecutionStatus.Failed, FromUtc = Noon.AddHours(-2.5) }));
        // Free text: in the error or in the summary, case-insensitive for Latin letters, wildcards taken literally.
        Assert.Equal(1, await CountAsync(new ExecutionLogFilter { Text = "elementnotfound" }));
        Assert.Equal(1, await CountAsync(new ExecutionLogFilter { Text = "100%" }));
        Assert.Equal(0, await CountAsync(new ExecutionLogFilter { Text = "_%_" }));
        Assert.Equal(1, await CountAsync(new ExecutionLogFilter { App = "订单同步", Text = "超时" }));
        Assert.Equal(0, await CountAsync(new ExecutionLogFilter { Account = "tygj002", Text = "超时" }));
    }

    [Theory]
    [InlineData("2026-11-24T15:59:59Z", false)] // 23:59:59 on the 24th in Shanghai
    [InlineData("2026-11-24T16:00:00Z", true)] // 00:00:00 on the 25th
    [InlineData("2026-11-25T15:59:59Z", true)] // 23:59:59 on the 25th
    [InlineData("2026-11-25T16:00:00Z", false)] // 00:00:00 on the 26th
    public async Task List_ShanghaiDay_IncludesRunsFromLocalMidnightToMidnight(string startUtc, bool included)
    {
        var start = DateTime.Parse(startUtc, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal);
        await AddAsync(_core.Services, Log("tygj001", "云仓收藏", ExecutionStatus.Completed, start));
        var day = LogFilterQuery.Parse(_core.Get<OperatorTime>(), null, null, null, "2026-11-25", "2026-11-25", null);

        Assert.Equal(included ? 1 : 0, await CountAsync(day));
    }

    [Fact]
    public async Task List_Sorts_OrderByTheColumnWithNewestFirstAsDefault()
    {
        var logs = await AddAsync(_core.Services,
            Log("b", "x", ExecutionStatus.Completed, Noon.AddHours(-3), seconds: 50),
            Log("a", "y", ExecutionStatus.Failed, Noon.AddHours(-1), seconds: 3000),
            Log("c", "z", ExecutionStatus.Completed, Noon.AddHours(-2), seconds: 400));

        Assert.Equal([logs[1].Id, logs[2].Id, logs[0].Id], await IdsAsync(ExecutionLogSort.StartTime, descending: true));
        Assert.Equal([logs[0].Id, logs[2].Id, logs[1].Id], await IdsAsync(ExecutionLogSort.StartTime, descending: false));
        Assert.Equal([logs[1].Id, logs[2].Id, logs[0].Id], await IdsAsync(ExecutionLogSort.Duration, descending: true));
        Assert.Equal([logs[1].Id, logs[0].Id, logs[2].Id], await IdsAsync(ExecutionLogSort.Account, descending: false));
        Assert.Equal([logs[0].Id, logs[2].Id, logs[1].Id], await IdsAsync(ExecutionLogSort.EndTime, descending: false));
    }

    [Fact]
    public async Task List_SameStartTime_PagesWithoutRepeatsOrGaps()
    {
        await AddAsync(_core.Services, Enumerable.Range(0, 7).Select(_ => Log("tygj001", "云仓收藏", ExecutionStatus.Completed, Noon)).ToArray());

        var pages = new List<long>();
        for (var page = 0; page < 4; page++)
        {
            pages.AddRange((await Service.ListAsync(new ExecutionLogFilter(), ExecutionLogSort.StartTime, true, page, 2, Ct)).Items.Select(r => r.Id));
        }

        Assert.Equal(7, pages.Distinct().Count());
        Assert.Equal(pages.OrderDescending(), pages);
    }

    [Fact]
    public async Task List_MoreThanTheCap_CountStopsAtCapPlusOneAndTextSearchCoversTheNewestRuns()
    {
        var old = await AddAsync(_core.Services, Log("tygj001", "云仓收藏", ExecutionStatus.Failed, Noon.AddDays(-200), error: "独一无二的错误 unique-needle"));
        await _core.Get<LogSeeder>().SeedAsync(ExecutionLogService.CountCap + 5, seed: 7, progress: null, Ct);

        var all = await Service.ListAsync(new ExecutionLogFilter(), ExecutionLogSort.StartTime, true, 0, 25, Ct);
        Assert.Equal(ExecutionLogService.CountCap + 1, all.TotalCount);
        Assert.Equal(25, all.Items.Count);
        var pastTheCount = await Service.ListAsync(new ExecutionLogFilter(), ExecutionLogSort.StartTime, true, 500, 25, Ct);
        Assert.Empty(pastTheCount.Items);

        // The old run is beyond the newest 10,000: a text search finds it once the time range reaches back to it.
        Assert.Equal(0, await CountAsync(new ExecutionLogFilter { Text = "unique-needle" }));
        var narrowed = await Service.ListAsync(
            new ExecutionLogFilter { Text = "unique-needle", ToUtc = Noon.AddDays(-100) }, ExecutionLogSort.StartTime, true, 0, 25, Ct);
        Assert.Equal(old[0].Id, Assert.Single(narrowed.Items).Id);
    }

    [Fact]
    public async Task Get_ReturnsEveryFieldWithTaskName()
    {
        await using (var db = await _core.CreateDbContextAsync())
        {
            var account = new Core.Accounts.Account
            {
                ShadowBotAccount = "tygj001", HostIp = "192.168.10.21", Port = 8080, TaskControl = "tygj001-192.168.10.21:8080",
            };
            account.Tasks.Add(new RobotTask { TaskName = "云仓收藏-每日", AppName = "云仓收藏" });
            db.Accounts.Add(account);
            await db.SaveChangesAsync(Ct);
        }

        var task = (await _core.ReadAsync(db => Task.FromResult(db.Tasks.Single())))!;
        var log = Log("tygj001", "云仓收藏", ExecutionStatus.Failed, Noon, error: "boom");
        log.TaskId = task.Id;
        log.AccountId = task.AccountId;
        log.ScreenshotUrl = "https://bucket.example.com/s.png";
        log.LogContent = "line 1\nline 2";
        log.ExecutionId = "run-1";
        await AddAsync(_core.Services, log);

        var detail = await Service.GetAsync(log.Id, Ct);

        Assert.NotNull(detail);
        Assert.Equal(("云仓收藏-每日", task.AccountId, "run-1"), (detail.TaskName, detail.AccountId, detail.ExecutionId));
        Assert.Equal(("boom", "line 1\nline 2", "https://bucket.example.com/s.png"), (detail.ErrorMessage, detail.LogContent, detail.ScreenshotUrl));
        Assert.Equal(DateTimeKind.Utc, detail.StartTime.Kind);
        Assert.Null(await Service.GetAsync(log.Id + 1, Ct));
    }

    [Fact]
    public async Task CountNewer_CountsOnlyMatchingRunsStoredAfterTheMark()
    {
        await AddAsync(_core.Services, Log("tygj001", "云仓收藏", ExecutionStatus.Completed, Noon));
        var mark = await Service.LatestIdAsync(Ct);
        await AddAsync(_core.Services,
            Log("tygj001", "云仓收藏", ExecutionStatus.Failed, Noon),
            Log("tygj002", "云仓收藏", ExecutionStatus.Failed, Noon),
            Log("tygj001", "云仓收藏", ExecutionStatus.Completed, Noon));

        Assert.Equal(2, await Service.CountNewerAsync(new ExecutionLogFilter { Account = "tygj001" }, mark, Ct));
        Assert.Equal(["tygj001", "tygj002"], await Service.AccountNamesAsync(Ct));
        Assert.Equal(["云仓收藏"], await Service.AppNamesAsync(Ct));
    }

    [Theory]
    [InlineData(Roles.Viewer)]
    [InlineData(Roles.Operator)]
    [InlineData(Roles.Admin)]
    public async Task List_AnySignedInRole_Reads(string role)
    {
        await AddAsync(_core.Services, Log("tygj001", "云仓收藏", ExecutionStatus.Completed, Noon));
        _core.User.SignIn(role);

        Assert.Equal(1, await CountAsync(new ExecutionLogFilter()));
    }

    [Fact]
    public async Task ListAndGet_Anonymous_Refused()
    {
        _core.User.SignOut();

        await Assert.ThrowsAsync<AccessDeniedException>(() => Service.ListAsync(new ExecutionLogFilter(), ExecutionLogSort.StartTime, true, 0, 25, Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Service.GetAsync(1, Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Service.CountNewerAsync(new ExecutionLogFilter(), 0, Ct));
    }

    private async Task<int> CountAsync(ExecutionLogFilter filter) =>
        (await Service.ListAsync(filter, ExecutionLogSort.StartTime, true, 0, 200, Ct)).TotalCount;

    private async Task<List<long>> IdsAsync(ExecutionLogSort sort, bool descending) =>
        (await Service.ListAsync(new ExecutionLogFilter(), sort, descending, 0, 25, Ct)).Items.Select(r => r.Id).ToList();
}

public sealed class ExecutionLogServiceTestsOnSqlite() : ExecutionLogServiceTests(DatabaseProvider.Sqlite);

public sealed class ExecutionLogServiceTestsOnPostgreSql() : ExecutionLogServiceTests(DatabaseProvider.PostgreSQL);
