using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.Common;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Demo;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Core.Users;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Users;

public abstract class UserServiceTests(DatabaseProvider provider) : IAsyncLifetime
{
    private const string Password = "a long enough pass phrase";
    private readonly CoreTestHost _core = new(provider);
    private CancellationToken Ct => TestContext.Current.CancellationToken;
    private UserService Service => _core.Get<UserService>();

    public async ValueTask InitializeAsync() => await _core.MigrateAsync();

    public ValueTask DisposeAsync() => _core.DisposeAsync();

    [Fact]
    public async Task CreateFirstAdmin_NoUsers_CreatesAnAdminWhosePasswordIsHashed()
    {
        Assert.False(await Service.AnyUsersAsync(Ct));

        var admin = await Service.CreateFirstAdminAsync(new NewUser(" chief ", " 张伟 ", Password, Password), Ct);

        Assert.Equal(("chief", "张伟", _core.Clock.GetUtcNow().UtcDateTime), (admin.UserName, admin.DisplayName, admin.CreatedAt));
        await using var scope = _core.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<WorkbenchUser>>();
        var stored = (await users.FindByNameAsync("chief"))!;
        Assert.Equal([Roles.Admin], await users.GetRolesAsync(stored));
        Assert.DoesNotContain(Password, stored.PasswordHash, StringComparison.Ordinal);
        Assert.True(await users.CheckPasswordAsync(stored, Password));
        Assert.True(await Service.AnyUsersAsync(Ct));
    }

    [Fact]
    public async Task CreateFirstAdmin_WhenAUserExists_IsRefused()
    {
        await Service.CreateFirstAdminAsync(new NewUser("chief", null, Password, Password), Ct);

        var refused = await Assert.ThrowsAsync<RuleViolationException>(
            () => Service.CreateFirstAdminAsync(new NewUser("intruder", null, Password, Password), Ct));

        Assert.Equal(ErrorCodes.AlreadySetUp, refused.Code);
        Assert.Equal(1, await CountUsersAsync());
    }

    [Fact]
    public async Task CreateFirstAdmin_TenSubmittedAtOnce_ExactlyOneAdminExists()
    {
        var attempts = Enumerable.Range(0, 10).Select(i => Task.Run(async () =>
        {
            try
            {
                await Service.CreateFirstAdminAsync(new NewUser($"admin{i}", null, Password, Password), Ct);
                return "created";
            }
            catch (RuleViolationException ex)
            {
                return ex.Code;
            }
        }, Ct));

        var outcomes = await Task.WhenAll(attempts);

        Assert.Single(outcomes, o => o == "created");
        Assert.All(outcomes.Where(o => o != "created"), o => Assert.Equal(ErrorCodes.AlreadySetUp, o));
        Assert.Equal(1, await CountUsersAsync());
    }

    [Fact]
    public async Task CreateFirstAdmin_BadInput_NamesEveryFieldAndCreatesNothing()
    {
        var refused = await Assert.ThrowsAsync<ValidationFailedException>(
            () => Service.CreateFirstAdminAsync(new NewUser("", new string('x', 101), Password, "something else"), Ct));

        Assert.Equal(
            [(UserRules.UserNameField, ErrorCodes.Required), (UserRules.DisplayNameField, ErrorCodes.TooLong), (UserRules.ConfirmPasswordField, ErrorCodes.PasswordsDiffer)],
            refused.Errors.Select(e => (e.Field, e.Code)));
        Assert.Equal(0, await CountUsersAsync());
    }

    [Theory]
    [InlineData("chief", "short", UserRules.PasswordField, ErrorCodes.PasswordTooShort)]
    [InlineData("chief wang", Password, UserRules.UserNameField, ErrorCodes.InvalidUserName)]
    public async Task CreateFirstAdmin_IdentityRefuses_FieldErrorWithStableCode(string userName, string password, string field, string code)
    {
        var refused = await Assert.ThrowsAsync<ValidationFailedException>(
            () => Service.CreateFirstAdminAsync(new NewUser(userName, null, password, password), Ct));

        var error = Assert.Single(refused.Errors);
        Assert.Equal((field, code), (error.Field, error.Code));
        Assert.Equal(0, await CountUsersAsync());
    }

    [Fact]
    public async Task PasswordTooShort_CarriesTheConfiguredMinimum()
    {
        var refused = await Assert.ThrowsAsync<ValidationFailedException>(
            () => Service.CreateFirstAdminAsync(new NewUser("chief", null, "short", "short"), Ct));

        Assert.Equal(10, Assert.Single(refused.Errors).Limit);
    }

    [Fact]
    public async Task EnsureBootstrapAdmin_CreatesOnceThenLeavesUsersAlone()
    {
        Assert.True(await Service.EnsureBootstrapAdminAsync("ops", Password, Ct));

        Assert.False(await Service.EnsureBootstrapAdminAsync("ops2", Password, Ct));

        Assert.Equal(1, await CountUsersAsync());
    }

    [Fact]
    public async Task EnsureBootstrapAdmin_WeakPassword_NamesTheSettingButNotThePassword()
    {
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => Service.EnsureBootstrapAdminAsync("ops", "pw123", Ct));

        Assert.Contains("Workbench:Bootstrap", refused.Message, StringComparison.Ordinal);
        Assert.Contains("at least 10 characters", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("pw123", refused.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DemoAdmin_CreatedOnceWithARandomPasswordThatSignsIn()
    {
        var demo = _core.Get<DemoSeeder>();

        var admin = await demo.SeedAdminAsync(Service, Ct);
        var again = await demo.SeedAdminAsync(Service, Ct);

        Assert.NotNull(admin);
        Assert.Null(again);
        Assert.Equal("admin", admin.UserName);
        Assert.Equal(16, admin.Password.Length);
        await using var scope = _core.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<WorkbenchUser>>();
        Assert.True(await users.CheckPasswordAsync((await users.FindByNameAsync(DemoSeeder.AdminUserName))!, admin.Password));
    }

    [Fact]
    public async Task ChangeOwnPassword_RightCurrentPassword_ReplacesItAndChangesTheSecurityStamp()
    {
        var admin = await Service.CreateFirstAdminAsync(new NewUser("chief", null, Password, Password), Ct);
        var stampBefore = await StampAsync(admin.Id);
        SignInAs(admin.Id, "chief");

        await Service.ChangeOwnPasswordAsync(Password, "another long pass phrase", "another long pass phrase", Ct);

        await using var scope = _core.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<WorkbenchUser>>();
        var stored = (await users.FindByIdAsync(admin.Id))!;
        Assert.True(await users.CheckPasswordAsync(stored, "another long pass phrase"));
        Assert.NotEqual(stampBefore, stored.SecurityStamp);
    }

    [Fact]
    public async Task ChangeOwnPassword_WrongCurrentPassword_IsRefusedOnThatField()
    {
        var admin = await Service.CreateFirstAdminAsync(new NewUser("chief", null, Password, Password), Ct);
        SignInAs(admin.Id, "chief");

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(
            () => Service.ChangeOwnPasswordAsync("not my password", "another long pass phrase", "another long pass phrase", Ct));

        Assert.Equal((UserRules.CurrentPasswordField, ErrorCodes.PasswordMismatch), (refused.Errors[0].Field, refused.Errors[0].Code));
    }

    [Fact]
    public async Task ChangeOwnPassword_NobodySignedIn_IsRefused()
    {
        _core.User.SignOut();

        var refused = await Assert.ThrowsAsync<AccessDeniedException>(() => Service.ChangeOwnPasswordAsync(Password, "x", "x", Ct));

        Assert.Equal(ErrorCodes.SignInRequired, refused.Code);
    }

    private void SignInAs(string id, string name) => _core.User.SignInAs(id, name, Roles.Admin);

    private async Task<string?> StampAsync(string id)
    {
        await using var db = await _core.CreateDbContextAsync();
        return await db.Users.Where(u => u.Id == id).Select(u => u.SecurityStamp).SingleAsync(Ct);
    }

    private async Task<int> CountUsersAsync()
    {
        await using var db = await _core.CreateDbContextAsync();
        return await db.Users.CountAsync(Ct);
    }
}

public sealed class UserServiceTestsOnSqlite() : UserServiceTests(DatabaseProvider.Sqlite);

public sealed class UserServiceTestsOnPostgreSql() : UserServiceTests(DatabaseProvider.PostgreSQL);
