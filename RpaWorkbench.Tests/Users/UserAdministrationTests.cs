using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.Audit;
using RpaWorkbench.Core.Common;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Core.Users;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Users;

/// <summary>The admins' user management in <see cref="UserService"/>, on a real database, signed in as an admin.</summary>
public abstract class UserAdministrationTests(DatabaseProvider provider) : IAsyncLifetime
{
    private const string Password = "a long enough pass phrase";
    private readonly CoreTestHost _core = new(provider);
    private CancellationToken Ct => TestContext.Current.CancellationToken;
    private UserService Service => _core.Get<UserService>();

    public async ValueTask InitializeAsync()
    {
        await _core.MigrateAsync();
        _core.User.SignInAs("chief-id", "chief", Roles.Admin);
    }

    public ValueTask DisposeAsync() => _core.DisposeAsync();

    [Fact]
    public async Task Create_ValidInput_StoresUserWithRoleAndAuditsItWithoutThePassword()
    {
        var created = await Service.CreateAsync(new NewUser(" wang ", " 王芳 ", Password, Password), Roles.Operator, Ct);

        var row = Assert.Single((await Service.ListAsync(new UserQuery(), Ct)).Items);
        Assert.Equal(("wang", "王芳", Roles.Operator, false), (row.UserName, row.DisplayName, row.Role, row.IsDisabled));
        var entry = Assert.Single(await AuditAsync());
        Assert.Equal(("chief", AuditActions.UserCreated, AuditTargetTypes.User, created.Id, "wang"),
            (entry.Actor, entry.Action, entry.TargetType, entry.TargetId, entry.TargetName));
        Assert.Equal([("user_name", null, "wang"), ("display_name", null, "王芳"), ("role", null, Roles.Operator)], entry.Changes());
        Assert.Equal("192.0.2.10", entry.ClientAddress);
        Assert.DoesNotContain(Password, entry.Changes ?? "", StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("wang", "short", Roles.Operator, UserRules.PasswordField, ErrorCodes.PasswordTooShort)]
    [InlineData("wang wei", Password, Roles.Operator, UserRules.UserNameField, ErrorCodes.InvalidUserName)]
    [InlineData("wang", Password, "Superuser", UserRules.RoleField, ErrorCodes.InvalidValue)]
    [InlineData("wang", Password, null, UserRules.RoleField, ErrorCodes.Required)]
    public async Task Create_BadInput_FieldErrorAndNeitherUserNorAuditEntry(string userName, string password, string? role, string field, string code)
    {
        var refused = await Assert.ThrowsAsync<ValidationFailedException>(
            () => Service.CreateAsync(new NewUser(userName, null, password, password), role, Ct));

        Assert.Contains(refused.Errors, e => (e.Field, e.Code) == (field, code));
        Assert.Equal(0, (await Service.ListAsync(new UserQuery(), Ct)).TotalCount);
        Assert.Empty(await AuditAsync());
    }

    [Fact]
    public async Task Create_TakenUserName_RefusedOnTheUserNameField()
    {
        await Service.CreateAsync(new NewUser("wang", null, Password, Password), Roles.Viewer, Ct);

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(
            () => Service.CreateAsync(new NewUser("WANG", null, Password, Password), Roles.Viewer, Ct));

        Assert.Equal((UserRules.UserNameField, ErrorCodes.DuplicateUserName), (refused.Errors[0].Field, refused.Errors[0].Code));
        Assert.Single(await AuditAsync());
    }

    [Fact]
    public async Task List_SearchesSortsAndPagesOnTheServer()
    {
        foreach (var name in new[] { "zhao", "qian", "sun", "li" })
        {
            await Service.CreateAsync(new NewUser(name, name == "sun" ? "孙悟空" : null, Password, Password), Roles.Viewer, Ct);
        }

        var byDisplayName = await Service.ListAsync(new UserQuery { Search = "悟空" }, Ct);
        var secondPage = await Service.ListAsync(new UserQuery { PageSize = 2, Page = 1 }, Ct);
        var newestFirst = await Service.ListAsync(new UserQuery { SortBy = UserSort.UserName, Descending = true, PageSize = 1 }, Ct);

        Assert.Equal("sun", Assert.Single(byDisplayName.Items).UserName);
        Assert.Equal(4, secondPage.TotalCount);
        Assert.Equal(["sun", "zhao"], secondPage.Items.Select(u => u.UserName));
        Assert.Equal("zhao", Assert.Single(newestFirst.Items).UserName);
    }

    [Fact]
    public async Task ChangeRole_ChangesRoleRenewsSecurityStampAndAuditsBeforeAndAfter()
    {
        var user = await Service.CreateAsync(new NewUser("wang", null, Password, Password), Roles.Viewer, Ct);
        var stamp = await StampAsync(user.Id);

        await Service.ChangeRoleAsync(user.Id, Roles.Operator, Ct);

        Assert.Equal(Roles.Operator, (await RowAsync("wang")).Role);
        Assert.NotEqual(stamp, await StampAsync(user.Id));
        var entry = (await AuditAsync()).Last();
        Assert.Equal((AuditActions.UserRoleChanged, "wang"), (entry.Action, entry.TargetName));
        Assert.Equal([("role", Roles.Viewer, Roles.Operator)], entry.Changes());
    }

    [Fact]
    public async Task ChangeRole_ToTheSameRole_ChangesAndAuditsNothing()
    {
        var user = await Service.CreateAsync(new NewUser("wang", null, Password, Password), Roles.Viewer, Ct);
        var stamp = await StampAsync(user.Id);

        await Service.ChangeRoleAsync(user.Id, Roles.Viewer, Ct);

        Assert.Equal(stamp, await StampAsync(user.Id));
        Assert.Single(await AuditAsync());
    }

    [Fact]
    public async Task DemoteOrDisable_TheOnlyAdmin_RefusedAsLastAdminAndNothingChanges()
    {
        var admin = await Service.CreateFirstAdminAsync(new NewUser("root", null, Password, Password), Ct);
        var stamp = await StampAsync(admin.Id);

        var demote = await Assert.ThrowsAsync<RuleViolationException>(() => Service.ChangeRoleAsync(admin.Id, Roles.Operator, Ct));
        var disable = await Assert.ThrowsAsync<RuleViolationException>(() => Service.SetDisabledAsync(admin.Id, disabled: true, Ct));

        Assert.Equal((ErrorCodes.LastAdmin, ErrorCodes.LastAdmin), (demote.Code, disable.Code));
        var row = await RowAsync("root");
        Assert.Equal((Roles.Admin, false), (row.Role, row.IsDisabled));
        Assert.Equal(stamp, await StampAsync(admin.Id));
        Assert.Equal([AuditActions.UserCreated], (await AuditAsync()).Select(e => e.Action));
    }

    [Fact]
    public async Task DemoteAndDisable_WithTwoEnabledAdmins_Work()
    {
        var first = await Service.CreateFirstAdminAsync(new NewUser("root", null, Password, Password), Ct);
        var second = await Service.CreateAsync(new NewUser("deputy", null, Password, Password), Roles.Admin, Ct);

        await Service.ChangeRoleAsync(first.Id, Roles.Viewer, Ct);
        await Service.ChangeRoleAsync(first.Id, Roles.Admin, Ct);
        await Service.SetDisabledAsync(second.Id, disabled: true, Ct);

        Assert.Equal((Roles.Admin, true), ((await RowAsync("deputy")).Role, (await RowAsync("deputy")).IsDisabled));
        // Now "root" is the only enabled admin again: a disabled admin does not count.
        var refused = await Assert.ThrowsAsync<RuleViolationException>(() => Service.ChangeRoleAsync(first.Id, Roles.Operator, Ct));
        Assert.Equal(ErrorCodes.LastAdmin, refused.Code);
    }

    [Fact]
    public async Task DemoteEachOther_TwoAdminsAtTheSameMoment_ExactlyOneAdminRemains()
    {
        var first = await Service.CreateFirstAdminAsync(new NewUser("root", null, Password, Password), Ct);
        var second = await Service.CreateAsync(new NewUser("deputy", null, Password, Password), Roles.Admin, Ct);

        var outcomes = await Task.WhenAll(new[] { first.Id, second.Id }.Select(id => Task.Run(async () =>
        {
            try
            {
                await Service.ChangeRoleAsync(id, Roles.Operator, Ct);
                return "demoted";
            }
            catch (RuleViolationException ex)
            {
                return ex.Code;
            }
        }, Ct)));

        Assert.Equal([ErrorCodes.LastAdmin, "demoted"], outcomes.Order(StringComparer.Ordinal));
        Assert.Single((await Service.ListAsync(new UserQuery(), Ct)).Items, u => u.Role == Roles.Admin);
    }

    [Fact]
    public async Task DisableThenEnable_RenewStampAndAuditBoth()
    {
        var user = await Service.CreateAsync(new NewUser("wang", null, Password, Password), Roles.Operator, Ct);
        var stamp = await StampAsync(user.Id);

        await Service.SetDisabledAsync(user.Id, disabled: true, Ct);
        var disabledStamp = await StampAsync(user.Id);
        await Service.SetDisabledAsync(user.Id, disabled: false, Ct);

        Assert.NotEqual(stamp, disabledStamp);
        Assert.False((await RowAsync("wang")).IsDisabled);
        var entries = (await AuditAsync()).Skip(1).ToList();
        Assert.Equal([AuditActions.UserDisabled, AuditActions.UserEnabled], entries.Select(e => e.Action));
        Assert.Equal([("disabled", "false", "true")], entries[0].Changes());
    }

    [Fact]
    public async Task ResetPassword_NewPasswordWorksOldDoesNot_StampRenewed_AuditHasNoPassword()
    {
        var user = await Service.CreateAsync(new NewUser("wang", null, Password, Password), Roles.Operator, Ct);
        var stamp = await StampAsync(user.Id);

        await Service.ResetPasswordAsync(user.Id, "chosen by the admin", "chosen by the admin", Ct);

        Assert.True(await CheckPasswordAsync("wang", "chosen by the admin"));
        Assert.False(await CheckPasswordAsync("wang", Password));
        Assert.NotEqual(stamp, await StampAsync(user.Id));
        var entry = (await AuditAsync()).Last();
        Assert.Equal((AuditActions.UserPasswordReset, null), (entry.Action, entry.Changes));
    }

    [Fact]
    public async Task ResetPassword_TooShort_FieldErrorAndTheOldPasswordStillWorks()
    {
        var user = await Service.CreateAsync(new NewUser("wang", null, Password, Password), Roles.Operator, Ct);

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => Service.ResetPasswordAsync(user.Id, "short", "short", Ct));

        Assert.Equal((UserRules.PasswordField, ErrorCodes.PasswordTooShort), (refused.Errors[0].Field, refused.Errors[0].Code));
        Assert.True(await CheckPasswordAsync("wang", Password));
        Assert.Single(await AuditAsync());
    }

    [Fact]
    public async Task Unlock_LockedOutUser_ShowsLockUntilThenUnlocksAndAudits()
    {
        var user = await Service.CreateAsync(new NewUser("wang", null, Password, Password), Roles.Operator, Ct);
        var until = _core.Clock.GetUtcNow().AddMinutes(15);
        await WithUserManagerAsync(async users => await users.SetLockoutEndDateAsync((await users.FindByIdAsync(user.Id))!, until));
        Assert.Equal(until.UtcDateTime, (await RowAsync("wang")).LockedOutUntil);

        await Service.UnlockAsync(user.Id, Ct);

        Assert.Null((await RowAsync("wang")).LockedOutUntil);
        var entry = (await AuditAsync()).Last();
        Assert.Equal(AuditActions.UserUnlocked, entry.Action);
        Assert.Equal("locked_until", Assert.Single(entry.Changes()).Field);
    }

    [Fact]
    public async Task Operations_OnAUserThatDoesNotExist_AreRefusedAsNotFound()
    {
        var refused = await Assert.ThrowsAsync<RuleViolationException>(() => Service.SetDisabledAsync("no-such-id", disabled: true, Ct));

        Assert.Equal(ErrorCodes.NotFound, refused.Code);
    }

    private async Task<UserRow> RowAsync(string userName) =>
        (await Service.ListAsync(new UserQuery { Search = userName }, Ct)).Items.Single(u => u.UserName == userName);

    private Task<List<AuditEntry>> AuditAsync() => AuditRows.AllAsync(_core.CreateDbContextAsync);

    private async Task<string?> StampAsync(string id)
    {
        await using var db = await _core.CreateDbContextAsync();
        return await db.Users.Where(u => u.Id == id).Select(u => u.SecurityStamp).SingleAsync(Ct);
    }

    private async Task<bool> CheckPasswordAsync(string userName, string password)
    {
        var ok = false;
        await WithUserManagerAsync(async users => ok = await users.CheckPasswordAsync((await users.FindByNameAsync(userName))!, password));
        return ok;
    }

    private async Task WithUserManagerAsync(Func<UserManager<WorkbenchUser>, Task> use)
    {
        await using var scope = _core.Services.CreateAsyncScope();
        await use(scope.ServiceProvider.GetRequiredService<UserManager<WorkbenchUser>>());
    }
}

public sealed class UserAdministrationTestsOnSqlite() : UserAdministrationTests(DatabaseProvider.Sqlite);

public sealed class UserAdministrationTestsOnPostgreSql() : UserAdministrationTests(DatabaseProvider.PostgreSQL);
