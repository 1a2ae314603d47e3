using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Core.Audit;
using RpaWorkbench.Core.Common;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Core.Users;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Security;

/// <summary>
/// Every admin operation of the Core services (users, API keys, audit trail), as each role and as nobody: only an
/// admin gets through; everyone else is refused before anything is read or written.
/// </summary>
public abstract class AdminPermissionTests(DatabaseProvider provider) : IAsyncLifetime
{
    private const string Password = "a long enough pass phrase";
    private readonly CoreTestHost _core = new(provider);
    private string _userId = "";
    private long _keyId;

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> Operations => [.. OperationNames];

    public static TheoryData<string, string?> RefusedCallers => new(
        from operation in OperationNames
        from role in new[] { Roles.Operator, Roles.Viewer, null }
        select (operation, role));

    private static IEnumerable<string> OperationNames =>
    [
        "users.list", "users.create", "users.change_role", "users.disable", "users.reset_password", "users.unlock",
        "apikeys.list", "apikeys.create", "apikeys.revoke", "audit.list", "audit.stream",
    ];

    public async ValueTask InitializeAsync()
    {
        await _core.MigrateAsync();
        _core.User.SignIn(Roles.Admin);
        _userId = (await _core.Get<UserService>().CreateAsync(new NewUser("target", null, Password, Password), Roles.Viewer, Ct)).Id;
        _keyId = (await _core.Get<ApiKeyService>().CreateAsync(new NewApiKey("robots"), Ct)).Key.Id;
        // Locked out, so that unlocking has something to undo.
        await WithUsersAsync(async users => await users.SetLockoutEndDateAsync((await users.FindByIdAsync(_userId))!, _core.Clock.GetUtcNow().AddDays(1)));
    }

    public ValueTask DisposeAsync() => _core.DisposeAsync();

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Admin_SucceedsWithItsEffect(string operation)
    {
        var result = await Run(operation);

        switch (operation)
        {
            case "users.list":
                Assert.Contains(((PageResult<UserRow>)result!).Items, u => u.UserName == "target");
                break;
            case "users.create":
                Assert.Equal("Viewer", (await UserAsync("another")).Role);
                break;
            case "users.change_role":
                Assert.Equal("Operator", (await UserAsync("target")).Role);
                break;
            case "users.disable":
                Assert.True((await UserAsync("target")).IsDisabled);
                break;
            case "users.reset_password":
                Assert.True(await WithUsersAsync(async users => await users.CheckPasswordAsync((await users.FindByIdAsync(_userId))!, "another pass phrase")));
                break;
            case "users.unlock":
                Assert.Null((await UserAsync("target")).LockedOutUntil);
                break;
            case "apikeys.list":
                Assert.Contains(((PageResult<ApiKeyInfo>)result!).Items, k => k.Name == "robots");
                break;
            case "apikeys.create":
                Assert.Contains((await _core.Get<ApiKeyService>().ListAsync(0, 25, Ct)).Items, k => k.Name == "scripts" && k.RevokedAt is null);
                break;
            case "apikeys.revoke":
                Assert.NotNull(Assert.Single((await _core.Get<ApiKeyService>().ListAsync(0, 25, Ct)).Items, k => k.Id == _keyId).RevokedAt);
                break;
            case "audit.list":
                Assert.Contains(((PageResult<AuditRow>)result!).Items, e => e.Action == "user.created" && e.TargetName == "target");
                break;
            case "audit.stream":
                Assert.Contains((List<AuditRow>)result!, e => e.Action == "user.created" && e.TargetName == "target");
                break;
            default:
                Assert.Fail($"No effect to check for {operation}.");
                break;
        }
    }

    [Theory]
    [MemberData(nameof(RefusedCallers))]
    public async Task OtherRolesAndNobody_AreRefusedAndNothingIsWritten(string operation, string? role)
    {
        var auditBefore = await CountAuditAsync();
        if (role is null)
        {
            _core.User.SignOut();
        }
        else
        {
            _core.User.SignIn(role);
        }

        var refused = await Assert.ThrowsAsync<AccessDeniedException>(() => Run(operation));

        Assert.Equal(role is null ? ErrorCodes.SignInRequired : ErrorCodes.Forbidden, refused.Code);
        Assert.Equal(auditBefore, await CountAuditAsync());
    }

    private async Task<object?> Run(string operation)
    {
        var users = _core.Get<UserService>();
        var keys = _core.Get<ApiKeyService>();
        var audit = _core.Get<AuditQueryService>();
        switch (operation)
        {
            case "users.list": return await users.ListAsync(new UserQuery(), Ct);
            case "users.create": return await users.CreateAsync(new NewUser("another", null, Password, Password), Roles.Viewer, Ct);
            case "users.change_role": await users.ChangeRoleAsync(_userId, Roles.Operator, Ct); return null;
            case "users.disable": await users.SetDisabledAsync(_userId, disabled: true, Ct); return null;
            case "users.reset_password": await users.ResetPasswordAsync(_userId, "another pass phrase", "another pass phrase", Ct); return null;
            case "users.unlock": await users.UnlockAsync(_userId, Ct); return null;
            case "apikeys.list": return await keys.ListAsync(0, 25, Ct);
            case "apikeys.create": return await keys.CreateAsync(new NewApiKey("scripts"), Ct);
            case "apikeys.revoke": await keys.RevokeAsync(_keyId, Ct); return null;
            case "audit.list": return await audit.ListAsync(new AuditQuery(), Ct);
            case "audit.stream": return await audit.StreamAsync(new AuditQuery()).ToListAsync(Ct);
            default: throw new ArgumentOutOfRangeException(nameof(operation), operation, "Unknown operation.");
        }
    }

    // As the admin sees it on the users page.
    private async Task<UserRow> UserAsync(string userName)
    {
        return Assert.Single((await _core.Get<UserService>().ListAsync(new UserQuery(), Ct)).Items, u => u.UserName == userName);
    }

    private async Task<T> WithUsersAsync<T>(Func<UserManager<WorkbenchUser>, Task<T>> use)
    {
        await using var scope = _core.Services.CreateAsyncScope();
        return await use(scope.ServiceProvider.GetRequiredService<UserManager<WorkbenchUser>>());
    }

    private async Task<int> CountAuditAsync()
    {
        await using var db = await _core.CreateDbContextAsync();
        return await db.AuditEntries.CountAsync(Ct);
    }
}

public sealed class AdminPermissionTestsOnSqlite() : AdminPermissionTests(DatabaseProvider.Sqlite);

public sealed class AdminPermissionTestsOnPostgreSql() : AdminPermissionTests(DatabaseProvider.PostgreSQL);
