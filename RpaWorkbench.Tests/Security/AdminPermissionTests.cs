using Microsoft.EntityFrameworkCore;
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
        _keyId = (await _core.Get<ApiKeyService>().CreateAsync("robots", Ct)).Key.Id;
    }

    public ValueTask DisposeAsync() => _core.DisposeAsync();

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Admin_Succeeds(string operation)
    {
        await Run(operation);
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

    private Task Run(string operation)
    {
        var users = _core.Get<UserService>();
        var keys = _core.Get<ApiKeyService>();
        var audit = _core.Get<AuditQueryService>();
        return operation switch
        {
            "users.list" => users.ListAsync(new UserQuery(), Ct),
            "users.create" => users.CreateAsync(new NewUser("another", null, Password, Password), Roles.Viewer, Ct),
            "users.change_role" => users.ChangeRoleAsync(_userId, Roles.Operator, Ct),
            "users.disable" => users.SetDisabledAsync(_userId, disabled: true, Ct),
            "users.reset_password" => users.ResetPasswordAsync(_userId, "another pass phrase", "another pass phrase", Ct),
            "users.unlock" => users.UnlockAsync(_userId, Ct),
            "apikeys.list" => keys.ListAsync(0, 25, Ct),
            "apikeys.create" => keys.CreateAsync("scripts", Ct),
            "apikeys.revoke" => keys.RevokeAsync(_keyId, Ct),
            "audit.list" => audit.ListAsync(new AuditQuery(), Ct),
            "audit.stream" => audit.StreamAsync(new AuditQuery()).ToListAsync(Ct).AsTask(),
            _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, "Unknown operation."),
        };
    }

    private async Task<int> CountAuditAsync()
    {
        await using var db = await _core.CreateDbContextAsync();
        return await db.AuditEntries.CountAsync(Ct);
    }
}

public sealed class AdminPermissionTestsOnSqlite() : AdminPermissionTests(DatabaseProvider.Sqlite);

public sealed class AdminPermissionTestsOnPostgreSql() : AdminPermissionTests(DatabaseProvider.PostgreSQL);
