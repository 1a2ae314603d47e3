using Microsoft.EntityFrameworkCore;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Core.Common;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Core.Users;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.ApiKeys;

/// <summary>
/// Creating keys with a scope, owner and expiry (Core on a real SQLite file, a test clock): a key never gets more than
/// its owner may, expiry is honoured even while the key is remembered, and "last used" is written at most once a minute.
/// </summary>
public sealed class ApiKeyScopeRulesTests : IAsyncLifetime
{
    private const string Password = "key owner pass phrase";
    private readonly CoreTestHost _core = new();

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await _core.MigrateAsync();
        _core.User.SignIn(Roles.Admin);
    }

    public ValueTask DisposeAsync() => _core.DisposeAsync();

    [Theory]
    [InlineData(Roles.Viewer, ApiKeyScopes.Operator)]
    [InlineData(Roles.Viewer, ApiKeyScopes.Admin)]
    [InlineData(Roles.Operator, ApiKeyScopes.Admin)]
    public async Task Create_ScopeAboveTheOwnersRole_RefusedNamingScope(string ownerRole, string scope)
    {
        await _core.Get<UserService>().CreateAsync(new NewUser("li.na", null, Password, Password), ownerRole, Ct);

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            _core.Get<ApiKeyService>().CreateAsync(new NewApiKey("scripts", scope, Owner: "li.na"), Ct));

        Assert.Equal("scope", Assert.Single(refused.Errors).Field);
        Assert.Equal(0, await _core.ReadAsync(db => db.ApiKeys.CountAsync(Ct)));
    }

    [Theory]
    [InlineData("builder")]
    [InlineData("")]
    [InlineData("Admin")]
    public async Task Create_UnknownScope_RefusedNamingScope(string scope)
    {
        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            _core.Get<ApiKeyService>().CreateAsync(new NewApiKey("scripts", scope), Ct));

        Assert.Equal("scope", Assert.Single(refused.Errors).Field);
    }

    [Fact]
    public async Task Create_ExpiryInThePast_RefusedNamingExpiresAt()
    {
        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            _core.Get<ApiKeyService>().CreateAsync(new NewApiKey("robots", ApiKeyScopes.Robot, _core.Clock.GetUtcNow().UtcDateTime.AddMinutes(-1)), Ct));

        Assert.Equal("expires_at", Assert.Single(refused.Errors).Field);
    }

    [Fact]
    public async Task Create_UnknownOwner_RefusedNamingOwner()
    {
        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            _core.Get<ApiKeyService>().CreateAsync(new NewApiKey("robots", Owner: "nobody-here"), Ct));

        Assert.Equal("owner", Assert.Single(refused.Errors).Field);
    }

    [Fact]
    public async Task Create_ViewerKeyWithoutAnyUser_RefusedBecauseOnlyRobotKeysMayBeOwnerless()
    {
        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            _core.Get<ApiKeyService>().CreateAsync(new NewApiKey("reports", ApiKeyScopes.Viewer), Ct));

        Assert.Equal("scope", Assert.Single(refused.Errors).Field);
    }

    [Fact]
    public async Task Authenticate_ViewerKeyOfAnOperator_ActsAsViewerAndNamesItsOwner()
    {
        await _core.Get<UserService>().CreateAsync(new NewUser("wang.fang", null, Password, Password), Roles.Operator, Ct);
        var created = await _core.Get<ApiKeyService>().CreateAsync(new NewApiKey("reports", ApiKeyScopes.Viewer, Owner: "wang.fang"), Ct);

        var identity = await _core.Get<ApiKeyAuthenticator>().AuthenticateAsync(created.Secret, Ct);

        Assert.Equal((Roles.Viewer, "wang.fang"), (identity?.Role, identity?.Owner));
        Assert.Equal(("viewer", "wang.fang"), (created.Key.Scope, created.Key.Owner));
    }

    [Fact]
    public async Task Authenticate_RememberedKey_RefusedOnceItsExpiryPasses()
    {
        var start = _core.Clock.GetUtcNow().UtcDateTime;
        var created = await _core.Get<ApiKeyService>().CreateAsync(new NewApiKey("robots", ApiKeyScopes.Robot, start.AddSeconds(30)), Ct);
        var authenticator = _core.Get<ApiKeyAuthenticator>();
        Assert.NotNull(await authenticator.AuthenticateAsync(created.Secret, Ct));

        _core.Clock.Advance(TimeSpan.FromSeconds(31));

        Assert.Null(await authenticator.AuthenticateAsync(created.Secret, Ct));
    }

    [Fact]
    public async Task Authenticate_ManyCallsWithinAMinute_WriteLastUsedOnce()
    {
        var created = await _core.Get<ApiKeyService>().CreateAsync(new NewApiKey("robots"), Ct);
        var authenticator = _core.Get<ApiKeyAuthenticator>();
        var first = _core.Clock.GetUtcNow().UtcDateTime;

        for (var i = 0; i < 5; i++)
        {
            await authenticator.AuthenticateAsync(created.Secret, Ct);
            _core.Clock.Advance(TimeSpan.FromSeconds(10));
        }

        Assert.Equal(first, await LastUsedAsync(created.Key.Id));
        _core.Clock.Advance(TimeSpan.FromSeconds(11));
        await authenticator.AuthenticateAsync(created.Secret, Ct);
        Assert.Equal(first.AddSeconds(61), await LastUsedAsync(created.Key.Id));
    }

    private Task<DateTime?> LastUsedAsync(long id) =>
        _core.ReadAsync(db => db.ApiKeys.Where(k => k.Id == id).Select(k => k.LastUsedAt).SingleAsync(Ct));
}
