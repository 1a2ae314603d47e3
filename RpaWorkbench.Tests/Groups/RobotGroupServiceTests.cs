using Microsoft.EntityFrameworkCore;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Common;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Groups;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Groups;

public abstract class RobotGroupServiceTests(DatabaseProvider provider) : IAsyncLifetime
{
    private readonly CoreTestHost _core = new(provider);
    private CancellationToken Ct => TestContext.Current.CancellationToken;
    private RobotGroupService Service => _core.Get<RobotGroupService>();
    private AccountService Accounts => _core.Get<AccountService>();

    public async ValueTask InitializeAsync() => await _core.MigrateAsync();

    public ValueTask DisposeAsync() => _core.DisposeAsync();

    [Fact]
    public async Task Create_WithMembers_StoresTrimmedNameAndListsMembersByAccount()
    {
        var b = await AccountAsync("tygj002");
        var a = await AccountAsync("tygj001");

        var created = await Service.CreateAsync(new RobotGroupInput("  华东机器人 ", " 仓库 ", [b, a]), Ct);

        Assert.Equal(("华东机器人", "仓库", 2, 0, 0), (created.Name, created.Description, created.MemberCount, created.OnlineCount, created.Version));
        Assert.Equal([(a, "tygj001"), (b, "tygj002")], created.Members.Select(m => (m.AccountId, m.ShadowBotAccount)));
        Assert.Equal(_core.Clock.GetUtcNow().UtcDateTime, created.CreatedAt);
    }

    [Fact]
    public async Task Create_InvalidInput_NamesEveryFieldAndWritesNothing()
    {
        var error = await Assert.ThrowsAsync<ValidationFailedException>(
            () => Service.CreateAsync(new RobotGroupInput(" ", new string('d', 501)), Ct));

        Assert.Equal([("name", ErrorCodes.Required), ("description", ErrorCodes.TooLong)], error.Errors.Select(e => (e.Field, e.Code)));
        var tooLong = await Assert.ThrowsAsync<ValidationFailedException>(() => Service.CreateAsync(new RobotGroupInput(new string('n', 65), null), Ct));
        Assert.Equal(("name", ErrorCodes.TooLong, 64), (tooLong.Errors[0].Field, tooLong.Errors[0].Code, tooLong.Errors[0].Limit));
        Assert.Equal(0, await _core.ReadAsync(db => db.RobotGroups.CountAsync(Ct)));
    }

    [Fact]
    public async Task Create_TakenName_RefusedNamingTheName()
    {
        await Service.CreateAsync(new RobotGroupInput("east", null), Ct);

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => Service.CreateAsync(new RobotGroupInput("east ", "again"), Ct));

        Assert.Equal(("name", ErrorCodes.DuplicateGroupName), (Assert.Single(error.Errors).Field, error.Errors[0].Code));
    }

    [Fact]
    public async Task Create_UnknownAccountIds_RefusedNamingThemAndWritesNothing()
    {
        var known = await AccountAsync("tygj001");

        var error = await Assert.ThrowsAsync<ValidationFailedException>(
            () => Service.CreateAsync(new RobotGroupInput("east", null, [known, 9002, 9001]), Ct));

        var field = Assert.Single(error.Errors);
        Assert.Equal(("account_ids", ErrorCodes.UnknownAccounts), (field.Field, field.Code));
        Assert.Contains("9001, 9002", field.Message, StringComparison.Ordinal);
        Assert.Equal(0, await _core.ReadAsync(db => db.RobotGroups.CountAsync(Ct)));
    }

    [Fact]
    public async Task SetMembers_ReplacesTheWholeSetAndBumpsVersion()
    {
        var (a, b, c) = (await AccountAsync("tygj001"), await AccountAsync("tygj002"), await AccountAsync("tygj003"));
        var group = await Service.CreateAsync(new RobotGroupInput("east", null, [a, b]), Ct);

        var replaced = await Service.SetMembersAsync(group.Id, [c, b, c], version: 0, Ct);

        Assert.Equal([b, c], replaced.Members.Select(m => m.AccountId));
        Assert.Equal(1, replaced.Version);
        var emptied = await Service.SetMembersAsync(group.Id, [], version: null, Ct);
        Assert.Empty(emptied.Members);
        Assert.Equal(0, emptied.MemberCount);
    }

    [Fact]
    public async Task SetMembers_UnknownAccount_KeepsTheOldMembers()
    {
        var a = await AccountAsync("tygj001");
        var group = await Service.CreateAsync(new RobotGroupInput("east", null, [a]), Ct);

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => Service.SetMembersAsync(group.Id, [777], null, Ct));

        Assert.Contains("777", Assert.Single(error.Errors).Message, StringComparison.Ordinal);
        Assert.Equal([a], (await Service.GetAsync(group.Id, Ct))!.Members.Select(m => m.AccountId));
    }

    [Fact]
    public async Task Update_StaleVersion_RefusedAsConcurrencyConflict()
    {
        var group = await Service.CreateAsync(new RobotGroupInput("east", null), Ct);
        await Service.UpdateAsync(group.Id, new RobotGroupInput("east-1", null, Version: 0), Ct);

        var error = await Assert.ThrowsAsync<RuleViolationException>(
            () => Service.UpdateAsync(group.Id, new RobotGroupInput("east-2", null, Version: 0), Ct));

        Assert.Equal(ErrorCodes.ConcurrencyConflict, error.Code);
        Assert.Equal("east-1", (await Service.GetAsync(group.Id, Ct))!.Name);
    }

    [Fact]
    public async Task Update_RenameOntoAnotherGroup_RefusedAsDuplicate()
    {
        await Service.CreateAsync(new RobotGroupInput("east", null), Ct);
        var west = await Service.CreateAsync(new RobotGroupInput("west", null), Ct);

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => Service.UpdateAsync(west.Id, new RobotGroupInput("east", null), Ct));

        Assert.Equal(ErrorCodes.DuplicateGroupName, Assert.Single(error.Errors).Code);
    }

    [Fact]
    public async Task List_SearchesNamesAndCountsOnlineMembersAsTheAccountsPageDoes()
    {
        var (fresh, stale, never) = (await AccountAsync("tygj001"), await AccountAsync("tygj002"), await AccountAsync("tygj003"));
        var now = _core.Clock.GetUtcNow().UtcDateTime;
        await SetHeartbeatAsync(fresh, now.AddSeconds(-89));
        await SetHeartbeatAsync(stale, now.AddSeconds(-91));
        await Service.CreateAsync(new RobotGroupInput("East_100%", null, [fresh, stale, never]), Ct);
        await Service.CreateAsync(new RobotGroupInput("west", null, [fresh]), Ct);

        var east = await Service.ListAsync(new RobotGroupQuery { Search = "_100%" }, Ct);
        var all = await Service.ListAsync(new RobotGroupQuery(), Ct);

        Assert.Equal(1, east.TotalCount);
        Assert.Equal(("East_100%", 3, 1), (east.Items[0].Name, east.Items[0].MemberCount, east.Items[0].OnlineCount));
        Assert.Equal(["East_100%", "west"], all.Items.Select(g => g.Name));
        Assert.Empty((await Service.ListAsync(new RobotGroupQuery { Search = "east_1000" }, Ct)).Items);
    }

    [Fact]
    public async Task Delete_RemovesMembershipsButKeepsAccounts()
    {
        var a = await AccountAsync("tygj001");
        var group = await Service.CreateAsync(new RobotGroupInput("east", null, [a]), Ct);

        await Service.DeleteAsync(group.Id, Ct);

        Assert.Null(await Service.GetAsync(group.Id, Ct));
        Assert.NotNull(await Accounts.GetAsync(a, Ct));
        var error = await Assert.ThrowsAsync<RuleViolationException>(() => Service.DeleteAsync(group.Id, Ct));
        Assert.Equal(ErrorCodes.NotFound, error.Code);
    }

    [Fact]
    public async Task AccountDeleted_LeavesItsGroupsWithoutIt()
    {
        var (a, b) = (await AccountAsync("tygj001"), await AccountAsync("tygj002"));
        var group = await Service.CreateAsync(new RobotGroupInput("east", null, [a, b]), Ct);

        await Accounts.DeleteAsync(a, deleteTasks: false, Ct);

        var after = await Service.GetAsync(group.Id, Ct);
        Assert.Equal([b], after!.Members.Select(m => m.AccountId));
        Assert.Equal(1, after.MemberCount);
    }

    [Fact]
    public async Task Changes_AreAuditedWithNamesAndMembers()
    {
        var a = await AccountAsync("tygj001");
        var group = await Service.CreateAsync(new RobotGroupInput("east", null), Ct);
        await Service.SetMembersAsync(group.Id, [a], null, Ct);
        await Service.DeleteAsync(group.Id, Ct);

        var entries = (await AuditRows.AllAsync(_core.CreateDbContextAsync)).Where(e => e.TargetType == "group").ToList();

        Assert.Equal(["group.created", "group.updated", "group.deleted"], entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal(("operator-user", "east"), (e.Actor, e.TargetName)));
        Assert.Equal([("members", "", "tygj001-10.0.0.1:8080")], entries[1].Changes());
    }

    [Fact]
    public async Task Viewer_ReadsButEveryChangeIsRefused()
    {
        var group = await Service.CreateAsync(new RobotGroupInput("east", null), Ct);
        _core.User.SignIn(Roles.Viewer);

        Assert.Equal(1, (await Service.ListAsync(new RobotGroupQuery(), Ct)).TotalCount);
        Assert.NotNull(await Service.GetAsync(group.Id, Ct));
        await AssertRefusedAsync(ErrorCodes.Forbidden, () => Service.CreateAsync(new RobotGroupInput("west", null), Ct));
        await AssertRefusedAsync(ErrorCodes.Forbidden, () => Service.UpdateAsync(group.Id, new RobotGroupInput("west", null), Ct));
        await AssertRefusedAsync(ErrorCodes.Forbidden, () => Service.SetMembersAsync(group.Id, [], null, Ct));
        await AssertRefusedAsync(ErrorCodes.Forbidden, () => Service.DeleteAsync(group.Id, Ct));
        _core.User.SignOut();
        await AssertRefusedAsync(ErrorCodes.SignInRequired, () => Service.ListAsync(new RobotGroupQuery(), Ct));
        Assert.Equal("east", await _core.ReadAsync(db => db.RobotGroups.Select(g => g.Name).SingleAsync(Ct)));
    }

    [Fact]
    public async Task Admin_CanEdit()
    {
        _core.User.SignIn(Roles.Admin);

        var group = await Service.CreateAsync(new RobotGroupInput("east", null), Ct);
        var renamed = await Service.UpdateAsync(group.Id, new RobotGroupInput("east-2", "desc", Version: group.Version), Ct);

        Assert.Equal(("east-2", "desc", 1), (renamed.Name, renamed.Description, renamed.Version));
    }

    private async Task<long> AccountAsync(string name) =>
        (await Accounts.CreateAsync(new AccountInput(name, "10.0.0.1", 8080), Ct)).Id;

    private async Task SetHeartbeatAsync(long id, DateTime at)
    {
        await using var db = await _core.CreateDbContextAsync();
        await db.Accounts.Where(a => a.Id == id).ExecuteUpdateAsync(s => s.SetProperty(a => a.LastHeartbeatAt, at), Ct);
    }

    private static async Task AssertRefusedAsync(string code, Func<Task> action)
    {
        var refused = await Assert.ThrowsAsync<AccessDeniedException>(action);
        Assert.Equal(code, refused.Code);
    }
}

public sealed class RobotGroupServiceTestsOnSqlite() : RobotGroupServiceTests(DatabaseProvider.Sqlite);

public sealed class RobotGroupServiceTestsOnPostgreSql() : RobotGroupServiceTests(DatabaseProvider.PostgreSQL);
