using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Webhooks;

public abstract class ApiKeyServiceTests(DatabaseProvider provider) : IAsyncLifetime
{
    private readonly CoreTestHost _core = new(provider);
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await _core.MigrateAsync();
        _core.User.SignIn(Roles.Admin);
    }

    public ValueTask DisposeAsync() => _core.DisposeAsync();

    [Fact]
    public async Task Create_ReturnsLongRandomSecretAndStoresOnlyItsHash()
    {
        var created = await _core.Get<ApiKeyService>().CreateAsync(new NewApiKey("robots"), Ct);
        var other = await _core.Get<ApiKeyService>().CreateAsync(new NewApiKey("scripts"), Ct);

        Assert.StartsWith("wbk_", created.Secret, StringComparison.Ordinal);
        Assert.True(created.Secret.Length >= 4 + 43);
        Assert.NotEqual(created.Secret, other.Secret);
        await using var db = await _core.CreateDbContextAsync();
        var stored = db.ApiKeys.Single(k => k.Id == created.Key.Id);
        Assert.Equal(ApiKeySecret.Hash(created.Secret), stored.Hash);
        Assert.DoesNotContain(created.Secret, $"{stored.Name}{stored.Prefix}{stored.Hash}", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Authenticate_ValidKey_RecordsLastUse_RevokedKeyRefusedAtOnce()
    {
        var keys = _core.Get<ApiKeyService>();
        var authenticator = _core.Get<ApiKeyAuthenticator>();
        var created = await keys.CreateAsync(new NewApiKey("robots"), Ct);

        Assert.Equal("robots", (await authenticator.AuthenticateAsync(created.Secret, Ct))?.Name);
        Assert.Equal(_core.Clock.GetUtcNow().UtcDateTime, (await keys.ListAsync(0, 25, Ct)).Items.Single().LastUsedAt);

        await keys.RevokeAsync(created.Key.Id, Ct);

        Assert.Null(await authenticator.AuthenticateAsync(created.Secret, Ct));
        Assert.Null(await authenticator.AuthenticateAsync(created.Secret + "x", Ct));
    }

    [Fact]
    public async Task EnsureBootstrapKey_TwiceWithTheSameKey_StoresItOnceShowingOnlyFourCharacters()
    {
        var keys = _core.Get<ApiKeyService>();
        const string key = "deployment-provided-key-0123456789abcdef";

        await keys.EnsureBootstrapKeyAsync(key, Ct);
        await keys.EnsureBootstrapKeyAsync(key, Ct);

        var listed = Assert.Single((await keys.ListAsync(0, 25, Ct)).Items);
        Assert.Equal((ApiKeyService.BootstrapName, "depl"), (listed.Name, listed.Prefix));
        Assert.NotNull(await _core.Get<ApiKeyAuthenticator>().AuthenticateAsync(key, Ct));
    }
}

public sealed class ApiKeyServiceTestsOnSqlite() : ApiKeyServiceTests(DatabaseProvider.Sqlite);

public sealed class ApiKeyServiceTestsOnPostgreSql() : ApiKeyServiceTests(DatabaseProvider.PostgreSQL);
