using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Core.Audit;
using RpaWorkbench.Core.Common;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Core.Users;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Audit;

/// <summary>Each audited change writes one entry with the right actor, action, target and changed fields; a refused change writes none.</summary>
public abstract class AuditTrailTests(DatabaseProvider provider) : IAsyncLifetime
{
    private const string Password = "a long enough pass phrase";
    private readonly CoreTestHost _core = new(provider);
    private CancellationToken Ct => TestContext.Current.CancellationToken;
    private AccountService Accounts => _core.Get<AccountService>();

    public async ValueTask InitializeAsync() => await _core.MigrateAsync();

    public ValueTask DisposeAsync() => _core.DisposeAsync();

    [Fact]
    public async Task AccountCreate_RecordsTheOperatorTheAccountAndItsFields()
    {
        var account = await Accounts.CreateAsync(new AccountInput("云仓01", "10.0.0.1", 8080), Ct);

        var entry = Assert.Single(await AuditAsync());
        Assert.Equal(("operator-user", AuditActions.AccountCreated, AuditTargetTypes.Account, account.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "云仓01-10.0.0.1:8080"),
            (entry.Actor, entry.Action, entry.TargetType, entry.TargetId, entry.TargetName));
        Assert.Equal([("shadow_bot_account", null, "云仓01"), ("host_ip", null, "10.0.0.1"), ("port", null, "8080")], entry.Changes());
        Assert.Equal(_core.Clock.GetUtcNow().UtcDateTime, entry.AtUtc);
        Assert.Contains("云仓01", entry.Changes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AccountEdit_RecordsOnlyTheChangedFields()
    {
        var account = await Accounts.CreateAsync(new AccountInput("tygj001", "10.0.0.1", 8080), Ct);

        await Accounts.UpdateAsync(account.Id, new AccountInput("tygj001", "10.0.0.2", 8080, account.Version), Ct);

        var entry = (await AuditAsync()).Last();
        Assert.Equal((AuditActions.AccountUpdated, "tygj001-10.0.0.2:8080"), (entry.Action, entry.TargetName));
        Assert.Equal([("host_ip", "10.0.0.1", "10.0.0.2")], entry.Changes());
    }

    [Fact]
    public async Task AccountEdit_ThatChangesNothing_RecordsNothing()
    {
        var account = await Accounts.CreateAsync(new AccountInput("tygj001", "10.0.0.1", 8080), Ct);

        await Accounts.UpdateAsync(account.Id, new AccountInput(" tygj001 ", "10.0.0.1", 8080, account.Version), Ct);

        Assert.Single(await AuditAsync());
    }

    [Fact]
    public async Task AccountDelete_RecordsWhatWasDeleted()
    {
        var account = await Accounts.CreateAsync(new AccountInput("tygj001", "10.0.0.1", 8080), Ct);
        _core.User.SignIn(Roles.Admin);

        await Accounts.DeleteAsync(account.Id, deleteTasks: false, Ct);

        var entry = (await AuditAsync()).Last();
        Assert.Equal(("admin-user", AuditActions.AccountDeleted, "tygj001-10.0.0.1:8080"), (entry.Actor, entry.Action, entry.TargetName));
        Assert.Equal([("shadow_bot_account", "tygj001", null), ("host_ip", "10.0.0.1", null), ("port", "8080", null)], entry.Changes());
    }

    [Fact]
    public async Task RefusedChanges_WriteNoEntry()
    {
        var account = await Accounts.CreateAsync(new AccountInput("tygj001", "10.0.0.1", 8080), Ct);

        await Assert.ThrowsAsync<ValidationFailedException>(() => Accounts.CreateAsync(new AccountInput("tygj001", "10.0.0.1", 8080), Ct));
        await Assert.ThrowsAsync<RuleViolationException>(() => Accounts.UpdateAsync(account.Id, new AccountInput("x", "10.0.0.1", 8080, account.Version + 5), Ct));
        _core.User.SignIn(Roles.Viewer);
        await Assert.ThrowsAsync<AccessDeniedException>(() => Accounts.DeleteAsync(account.Id, deleteTasks: false, Ct));

        Assert.Equal([AuditActions.AccountCreated], (await AuditAsync()).Select(e => e.Action));
    }

    [Fact]
    public async Task ApiKeyCreateAndRevoke_RecordNameAndPrefixButNeverTheSecret()
    {
        _core.User.SignIn(Roles.Admin);
        var keys = _core.Get<ApiKeyService>();

        var created = await keys.CreateAsync(new NewApiKey("robots"), Ct);
        await keys.RevokeAsync(created.Key.Id, Ct);
        await keys.RevokeAsync(created.Key.Id, Ct);

        var entries = await AuditAsync();
        Assert.Equal([AuditActions.ApiKeyCreated, AuditActions.ApiKeyRevoked], entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal(("admin-user", AuditTargetTypes.ApiKey, "robots"), (e.Actor, e.TargetType, e.TargetName)));
        Assert.Equal([("name", null, "robots"), ("prefix", null, created.Key.Prefix), ("scope", null, "robot")], entries[0].Changes());
        Assert.Equal([("revoked", "false", "true")], entries[1].Changes());
        Assert.All(entries, e => Assert.DoesNotContain(created.Secret, e.Changes ?? "", StringComparison.Ordinal));
        Assert.Equal("admin-user", created.Key.CreatedBy);
    }

    [Fact]
    public async Task BootstrapKeyAndFirstAdmin_AtStartUp_AreRecordedAsTheSystem()
    {
        _core.User.SignOut();

        await _core.Get<ApiKeyService>().EnsureBootstrapKeyAsync("deployment-provided-key-0123456789abcdef", Ct);
        await _core.Get<UserService>().EnsureBootstrapAdminAsync("ops", Password, Ct);

        Assert.Equal([(AuditActors.System, AuditActions.ApiKeyCreated), (AuditActors.System, AuditActions.UserCreated)],
            (await AuditAsync()).Select(e => (e.Actor, e.Action)));
    }

    [Theory]
    [InlineData(SignInOutcome.Succeeded, AuditActions.SignInSucceeded)]
    [InlineData(SignInOutcome.Failed, AuditActions.SignInFailed)]
    [InlineData(SignInOutcome.LockedOut, AuditActions.SignInLockedOut)]
    public async Task SignIn_AsARealUser_RecordsTheUserAsActorAndTarget(SignInOutcome outcome, string action)
    {
        var users = _core.Get<UserService>();
        var admin = await users.CreateFirstAdminAsync(new NewUser("chief", null, Password, Password), Ct);
        _core.User.SignOut();

        await users.RecordSignInAsync("CHIEF", outcome, Ct);

        var entry = (await AuditAsync()).Last();
        Assert.Equal(("chief", action, AuditTargetTypes.User, admin.Id), (entry.Actor, entry.Action, entry.TargetType, entry.TargetId));
        _core.User.SignIn(Roles.Admin);
        var lastSignIn = Assert.Single((await users.ListAsync(new UserQuery(), Ct)).Items).LastSignInAt;
        Assert.Equal(outcome == SignInOutcome.Succeeded ? _core.Clock.GetUtcNow().UtcDateTime : null, lastSignIn);
    }

    [Fact]
    public async Task SignIn_WithAnUnknownName_IsRecordedWithoutTheTypedName()
    {
        _core.User.SignOut();

        await _core.Get<UserService>().RecordSignInAsync("my secret password", SignInOutcome.Failed, Ct);

        var entry = Assert.Single(await AuditAsync());
        Assert.Equal((AuditActors.Anonymous, AuditActions.SignInFailed, null, null), (entry.Actor, entry.Action, entry.TargetType, entry.TargetName));
    }

    private Task<List<AuditEntry>> AuditAsync() => AuditRows.AllAsync(_core.CreateDbContextAsync);
}

public sealed class AuditTrailTestsOnSqlite() : AuditTrailTests(DatabaseProvider.Sqlite);

public sealed class AuditTrailTestsOnPostgreSql() : AuditTrailTests(DatabaseProvider.PostgreSQL);
