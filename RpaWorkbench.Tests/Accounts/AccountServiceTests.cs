using Microsoft.EntityFrameworkCore;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Common;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Accounts;

public abstract class AccountServiceTests(DatabaseProvider provider) : IAsyncLifetime
{
    private readonly CoreTestHost _core = new(provider);
    private CancellationToken Ct => TestContext.Current.CancellationToken;
    private AccountService Service => _core.Get<AccountService>();

    public async ValueTask InitializeAsync() => await _core.MigrateAsync();

    public ValueTask DisposeAsync() => _core.DisposeAsync();

    [Fact]
    public async Task Create_ValidInput_StoresNormalisedAccountWithDerivedTaskControl()
    {
        var row = await Service.CreateAsync(new AccountInput("  tygj001 ", "192.168.001.010", 8080), Ct);

        Assert.Equal("tygj001", row.ShadowBotAccount);
        Assert.Equal("192.168.1.10", row.HostIp);
        Assert.Equal("tygj001-192.168.1.10:8080", row.TaskControl);
        Assert.Equal(AccountStatus.Pending, row.Status);
        Assert.Equal(0, row.TaskCount);
        Assert.False(row.IsOnline);
        Assert.Equal(_core.Clock.GetUtcNow().UtcDateTime, row.CreatedAt);
        Assert.Equal(DateTimeKind.Utc, row.CreatedAt.Kind);
    }

    [Fact]
    public async Task Create_InvalidInput_NamesEveryFieldAndWritesNothing()
    {
        var error = await Assert.ThrowsAsync<ValidationFailedException>(
            () => Service.CreateAsync(new AccountInput("", "300.1.1.1", 70000), Ct));

        Assert.Equal(
            [(AccountRules.AccountField, ErrorCodes.Required), (AccountRules.HostField, ErrorCodes.InvalidHost), (AccountRules.PortField, ErrorCodes.PortOutOfRange)],
            error.Errors.Select(e => (e.Field, e.Code)));
        await using var db = await _core.CreateDbContextAsync();
        Assert.Equal(0, await db.Accounts.CountAsync(Ct));
    }

    [Fact]
    public async Task Create_SameAccountHostPort_RefusedAsDuplicate()
    {
        await Service.CreateAsync(new AccountInput("tygj001", "robot-1.local", 8080), Ct);

        var error = await Assert.ThrowsAsync<ValidationFailedException>(
            () => Service.CreateAsync(new AccountInput("tygj001", "ROBOT-1.local", 8080), Ct));

        Assert.Equal(ErrorCodes.DuplicateAccount, Assert.Single(error.Errors).Code);
    }

    [Fact]
    public async Task Create_SameAccountOnOtherPort_Accepted()
    {
        await Service.CreateAsync(new AccountInput("tygj001", "10.0.0.1", 8080), Ct);
        var second = await Service.CreateAsync(new AccountInput("tygj001", "10.0.0.1", 8081), Ct);

        Assert.Equal("tygj001-10.0.0.1:8081", second.TaskControl);
    }

    [Fact]
    public async Task Create_TwentyOperatorsRacingForOneAccount_ExactlyOneWins()
    {
        var attempts = Enumerable.Range(0, 20)
            .Select(_ => Task.Run(() => Service.CreateAsync(new AccountInput("race01", "10.0.0.9", 9000), Ct), Ct))
            .ToList();
        var outcomes = await Task.WhenAll(attempts.Select(async a =>
        {
            try
            {
                await a;
                return "created";
            }
            catch (ValidationFailedException ex) when (ex.Errors.Single().Code == ErrorCodes.DuplicateAccount)
            {
                return "duplicate";
            }
        }));

        Assert.Equal(1, outcomes.Count(o => o == "created"));
        Assert.Equal(19, outcomes.Count(o => o == "duplicate"));
        await using var db = await _core.CreateDbContextAsync();
        Assert.Equal(1, await db.Accounts.CountAsync(Ct));
    }

    [Fact]
    public async Task Update_ChangedHost_RecomputesTaskControlAndBumpsVersion()
    {
        var created = await Service.CreateAsync(new AccountInput("tygj001", "10.0.0.1", 8080), Ct);

        var updated = await Service.UpdateAsync(created.Id, new AccountInput("tygj001", "10.0.0.2", 8181, created.Version), Ct);

        Assert.Equal("tygj001-10.0.0.2:8181", updated.TaskControl);
        Assert.Equal(created.Version + 1, updated.Version);
    }

    [Fact]
    public async Task Update_StaleVersion_RefusedAsConcurrencyConflict()
    {
        var created = await Service.CreateAsync(new AccountInput("tygj001", "10.0.0.1", 8080), Ct);
        await Service.UpdateAsync(created.Id, new AccountInput("tygj001", "10.0.0.2", 8080, created.Version), Ct);

        var error = await Assert.ThrowsAsync<RuleViolationException>(
            () => Service.UpdateAsync(created.Id, new AccountInput("tygj001", "10.0.0.3", 8080, created.Version), Ct));

        Assert.Equal(ErrorCodes.ConcurrencyConflict, error.Code);
        Assert.Equal("10.0.0.2", (await Service.GetAsync(created.Id, Ct))!.HostIp);
    }

    [Fact]
    public async Task Update_OntoAnotherAccountsKey_RefusedAsDuplicate()
    {
        await Service.CreateAsync(new AccountInput("tygj001", "10.0.0.1", 8080), Ct);
        var other = await Service.CreateAsync(new AccountInput("tygj002", "10.0.0.1", 8080), Ct);

        var error = await Assert.ThrowsAsync<ValidationFailedException>(
            () => Service.UpdateAsync(other.Id, new AccountInput("tygj001", "10.0.0.1", 8080, other.Version), Ct));

        Assert.Equal(ErrorCodes.DuplicateAccount, Assert.Single(error.Errors).Code);
    }

    [Fact]
    public async Task Update_UnknownId_RefusedAsNotFound()
    {
        var error = await Assert.ThrowsAsync<RuleViolationException>(
            () => Service.UpdateAsync(404, new AccountInput("tygj001", "10.0.0.1", 8080), Ct));

        Assert.Equal(ErrorCodes.NotFound, error.Code);
    }

    [Fact]
    public async Task Delete_AccountWithTasks_RefusedWithTaskCount()
    {
        var account = await Service.CreateAsync(new AccountInput("tygj001", "10.0.0.1", 8080), Ct);
        await AddTaskAsync(account.Id, RobotTaskStatus.Pending);
        await AddTaskAsync(account.Id, RobotTaskStatus.Pending);

        var error = await Assert.ThrowsAsync<RuleViolationException>(() => Service.DeleteAsync(account.Id, deleteTasks: false, Ct));

        Assert.Equal(ErrorCodes.AccountHasTasks, error.Code);
        Assert.Equal(2, error.Count);
        Assert.NotNull(await Service.GetAsync(account.Id, Ct));
    }

    [Fact]
    public async Task Delete_WithDeleteTasks_RemovesAccountAndTasksButKeepsLogs()
    {
        var account = await Service.CreateAsync(new AccountInput("tygj001", "10.0.0.1", 8080), Ct);
        var taskId = await AddTaskAsync(account.Id, RobotTaskStatus.Pending);
        await AddLogAsync(account.Id, taskId);

        await Service.DeleteAsync(account.Id, deleteTasks: true, Ct);

        await using var db = await _core.CreateDbContextAsync();
        Assert.Equal(0, await db.Accounts.CountAsync(Ct));
        Assert.Equal(0, await db.Tasks.CountAsync(Ct));
        var log = await db.ExecutionLogs.SingleAsync(Ct);
        Assert.Null(log.AccountId);
        Assert.Null(log.TaskId);
        Assert.Equal("tygj001", log.ShadowBotAccount);
    }

    [Fact]
    public async Task Delete_WhileATaskIsRunning_RefusedAsBusyEvenWithDeleteTasks()
    {
        var account = await Service.CreateAsync(new AccountInput("tygj001", "10.0.0.1", 8080), Ct);
        await AddTaskAsync(account.Id, RobotTaskStatus.Running);

        var error = await Assert.ThrowsAsync<RuleViolationException>(() => Service.DeleteAsync(account.Id, deleteTasks: true, Ct));

        Assert.Equal(ErrorCodes.AccountBusy, error.Code);
    }

    [Fact]
    public async Task Delete_AccountWithoutTasks_Removed()
    {
        var account = await Service.CreateAsync(new AccountInput("tygj001", "10.0.0.1", 8080), Ct);

        await Service.DeleteAsync(account.Id, deleteTasks: false, Ct);

        Assert.Null(await Service.GetAsync(account.Id, Ct));
        var again = await Assert.ThrowsAsync<RuleViolationException>(() => Service.DeleteAsync(account.Id, deleteTasks: false, Ct));
        Assert.Equal(ErrorCodes.NotFound, again.Code);
    }

    [Fact]
    public async Task List_Search_MatchesAccountOrHostCaseInsensitively()
    {
        await Service.CreateAsync(new AccountInput("tygj001", "10.0.0.1", 8080), Ct);
        await Service.CreateAsync(new AccountInput("caiwu01", "finance-host.local", 8080), Ct);
        await Service.CreateAsync(new AccountInput("kefu01", "10.0.0.3", 8080), Ct);

        Assert.Equal(["tygj001"], await AccountsFor(new AccountQuery { Search = "TYGJ" }));
        Assert.Equal(["caiwu01"], await AccountsFor(new AccountQuery { Search = "finance" }));
        Assert.Equal(["kefu01", "tygj001"], await AccountsFor(new AccountQuery { Search = "10.0.0" }));
    }

    [Fact]
    public async Task List_SearchWithWildcardCharacters_MatchesThemLiterally()
    {
        await Service.CreateAsync(new AccountInput("tygj001", "10.0.0.1", 8080), Ct);
        await Service.CreateAsync(new AccountInput("ty%gj", "10.0.0.2", 8080), Ct);

        Assert.Equal(["ty%gj"], await AccountsFor(new AccountQuery { Search = "%" }));
        Assert.Empty(await AccountsFor(new AccountQuery { Search = "_" }));
    }

    [Fact]
    public async Task List_OnlineFlag_FollowsLastHeartbeatAndConfiguredSilence()
    {
        var fresh = await Service.CreateAsync(new AccountInput("fresh", "10.0.0.1", 8080), Ct);
        var stale = await Service.CreateAsync(new AccountInput("stale", "10.0.0.2", 8080), Ct);
        await Service.CreateAsync(new AccountInput("never", "10.0.0.3", 8080), Ct);
        var now = _core.Clock.GetUtcNow().UtcDateTime;
        await SetHeartbeatAsync(fresh.Id, now.AddSeconds(-89));
        await SetHeartbeatAsync(stale.Id, now.AddSeconds(-91));

        Assert.Equal(["fresh"], await AccountsFor(new AccountQuery { Online = true }));
        Assert.Equal(["never", "stale"], await AccountsFor(new AccountQuery { Online = false }));

        _core.Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Empty(await AccountsFor(new AccountQuery { Online = true }));
    }

    [Fact]
    public async Task List_StatusFilterSortAndPaging_AppliedOnTheServer()
    {
        for (var i = 1; i <= 30; i++)
        {
            var row = await Service.CreateAsync(new AccountInput($"robot{i:00}", "10.0.0.1", 8000 + i), Ct);
            if (i % 3 == 0)
            {
                await SetStatusAsync(row.Id, AccountStatus.Failed);
            }
        }

        var page = await Service.ListAsync(new AccountQuery { Status = AccountStatus.Failed, SortBy = AccountSort.Port, Descending = true, Page = 1, PageSize = 4 }, Ct);

        Assert.Equal(10, page.TotalCount);
        Assert.Equal([8018, 8015, 8012, 8009], page.Items.Select(a => a.Port));
    }

    [Fact]
    public async Task List_TaskCount_CountsTheAccountsTasksAndSortsByIt()
    {
        var one = await Service.CreateAsync(new AccountInput("one", "10.0.0.1", 8080), Ct);
        var two = await Service.CreateAsync(new AccountInput("two", "10.0.0.2", 8080), Ct);
        await Service.CreateAsync(new AccountInput("zero", "10.0.0.3", 8080), Ct);
        await AddTaskAsync(one.Id, RobotTaskStatus.Pending);
        await AddTaskAsync(two.Id, RobotTaskStatus.Pending);
        await AddTaskAsync(two.Id, RobotTaskStatus.Pending);

        var page = await Service.ListAsync(new AccountQuery { SortBy = AccountSort.TaskCount, Descending = true }, Ct);

        Assert.Equal([("two", 2), ("one", 1), ("zero", 0)], page.Items.Select(a => (a.ShadowBotAccount, a.TaskCount)));
    }

    private async Task<List<string>> AccountsFor(AccountQuery query) =>
        (await Service.ListAsync(query, Ct)).Items.Select(a => a.ShadowBotAccount).ToList();

    private async Task<long> AddTaskAsync(long accountId, RobotTaskStatus status)
    {
        await using var db = await _core.CreateDbContextAsync();
        var task = new RobotTask { TaskName = "daily", AppName = "云仓收藏", AccountId = accountId, Status = status };
        db.Tasks.Add(task);
        await db.SaveChangesAsync(Ct);
        return task.Id;
    }

    private async Task AddLogAsync(long accountId, long taskId)
    {
        await using var db = await _core.CreateDbContextAsync();
        var now = _core.Clock.GetUtcNow().UtcDateTime;
        db.ExecutionLogs.Add(new ExecutionLog
        {
            AppName = "云仓收藏", ShadowBotAccount = "tygj001", Status = ExecutionStatus.Completed,
            StartTime = now.AddMinutes(-30), EndTime = now, DurationSeconds = 1800, AccountId = accountId, TaskId = taskId, CreatedAt = now,
        });
        await db.SaveChangesAsync(Ct);
    }

    private async Task SetHeartbeatAsync(long id, DateTime at)
    {
        await using var db = await _core.CreateDbContextAsync();
        await db.Accounts.Where(a => a.Id == id).ExecuteUpdateAsync(s => s.SetProperty(a => a.LastHeartbeatAt, at), Ct);
    }

    private async Task SetStatusAsync(long id, AccountStatus status)
    {
        await using var db = await _core.CreateDbContextAsync();
        await db.Accounts.Where(a => a.Id == id).ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, status), Ct);
    }
}

public sealed class AccountServiceTestsOnSqlite() : AccountServiceTests(DatabaseProvider.Sqlite);

public sealed class AccountServiceTestsOnPostgreSql() : AccountServiceTests(DatabaseProvider.PostgreSQL);
