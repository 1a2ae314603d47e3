using Microsoft.EntityFrameworkCore;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Common;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Accounts;

/// <summary>Roles are enforced by <see cref="AccountService"/> itself, whatever the page shows.</summary>
public abstract class AccountPermissionTests(DatabaseProvider provider) : IAsyncLifetime
{
    private readonly CoreTestHost _core = new(provider);
    private CancellationToken Ct => TestContext.Current.CancellationToken;
    private AccountService Service => _core.Get<AccountService>();

    public async ValueTask InitializeAsync() => await _core.MigrateAsync();

    public ValueTask DisposeAsync() => _core.DisposeAsync();

    [Theory]
    [InlineData(Roles.Admin)]
    [InlineData(Roles.Operator)]
    public async Task AdminAndOperator_CanCreateEditDeleteAndRead(string role)
    {
        _core.User.SignIn(role);

        var created = await Service.CreateAsync(new AccountInput("tygj001", "10.0.0.1", 8080), Ct);
        var updated = await Service.UpdateAsync(created.Id, new AccountInput("tygj001", "10.0.0.2", 8080, created.Version), Ct);
        Assert.Equal(1, (await Service.ListAsync(new AccountQuery(), Ct)).TotalCount);
        Assert.Equal("10.0.0.2", (await Service.GetAsync(updated.Id, Ct))!.HostIp);
        await Service.DeleteAsync(created.Id, deleteTasks: false, Ct);

        Assert.Null(await Service.GetAsync(created.Id, Ct));
    }

    [Fact]
    public async Task Viewer_CanReadButEveryChangeIsRefusedAndWritesNothing()
    {
        var existing = await Service.CreateAsync(new AccountInput("tygj001", "10.0.0.1", 8080), Ct);
        _core.User.SignIn(Roles.Viewer);

        Assert.Equal(1, (await Service.ListAsync(new AccountQuery(), Ct)).TotalCount);
        Assert.NotNull(await Service.GetAsync(existing.Id, Ct));
        await AssertRefusedAsync(ErrorCodes.Forbidden, () => Service.CreateAsync(new AccountInput("tygj002", "10.0.0.2", 8080), Ct));
        await AssertRefusedAsync(ErrorCodes.Forbidden, () => Service.UpdateAsync(existing.Id, new AccountInput("renamed", "10.0.0.1", 8080), Ct));
        await AssertRefusedAsync(ErrorCodes.Forbidden, () => Service.DeleteAsync(existing.Id, deleteTasks: true, Ct));

        await using var db = await _core.CreateDbContextAsync();
        var stored = await db.Accounts.SingleAsync(Ct);
        Assert.Equal(("tygj001", existing.Version), (stored.ShadowBotAccount, stored.Version));
    }

    [Fact]
    public async Task Anonymous_EverythingIsRefusedAsSignInRequired()
    {
        var existing = await Service.CreateAsync(new AccountInput("tygj001", "10.0.0.1", 8080), Ct);
        _core.User.SignOut();

        await AssertRefusedAsync(ErrorCodes.SignInRequired, () => Service.ListAsync(new AccountQuery(), Ct));
        await AssertRefusedAsync(ErrorCodes.SignInRequired, () => Service.GetAsync(existing.Id, Ct));
        await AssertRefusedAsync(ErrorCodes.SignInRequired, () => Service.CreateAsync(new AccountInput("tygj002", "10.0.0.2", 8080), Ct));
        await AssertRefusedAsync(ErrorCodes.SignInRequired, () => Service.UpdateAsync(existing.Id, new AccountInput("x", "10.0.0.1", 8080), Ct));
        await AssertRefusedAsync(ErrorCodes.SignInRequired, () => Service.DeleteAsync(existing.Id, deleteTasks: false, Ct));
    }

    [Fact]
    public async Task SignedInWithoutAWorkbenchRole_CannotEvenRead()
    {
        _core.User.SignIn("Robot");

        await AssertRefusedAsync(ErrorCodes.Forbidden, () => Service.ListAsync(new AccountQuery(), Ct));
    }

    private static async Task AssertRefusedAsync(string code, Func<Task> action)
    {
        var refused = await Assert.ThrowsAsync<AccessDeniedException>(action);
        Assert.Equal(code, refused.Code);
    }
}

public sealed class AccountPermissionTestsOnSqlite() : AccountPermissionTests(DatabaseProvider.Sqlite);

public sealed class AccountPermissionTestsOnPostgreSql() : AccountPermissionTests(DatabaseProvider.PostgreSQL);
