using RpaWorkbench.Core.Storage;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Storage;

/// <summary>Workbench config file links (local store): their address, their lifetime on the fake clock, and tampering.</summary>
public sealed class ConfigFileLinksTests : IAsyncDisposable
{
    private static readonly Uri RequestBase = new("http://10.0.0.5:5000/");
    private readonly CoreTestHost _host = new(new Dictionary<string, string?> { ["Workbench:Storage:ConfigUrlLifetime"] = "00:10:00" });

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ConfigFileLinks Links => _host.Get<ConfigFileLinks>();

    [Fact]
    public async Task Create_LocalStore_WorkbenchLinkUnderTheRequestsAddressExpiringAfterTheLifetime()
    {
        var key = ObjectKeys.ForConfigFile(7, ".json");

        var link = await Links.CreateAsync(key, RequestBase, Ct);

        Assert.NotNull(link);
        Assert.StartsWith("http://10.0.0.5:5000/api/v1/resources/config-files/", link.Url.AbsoluteUri, StringComparison.Ordinal);
        Assert.DoesNotContain(key, link.Url.AbsoluteUri, StringComparison.Ordinal);
        Assert.Equal(_host.Clock.GetUtcNow().UtcDateTime.AddMinutes(10), link.ExpiresAt);
        Assert.Equal((ConfigFileTokenState.Valid, key), Read(link));
    }

    [Fact]
    public async Task Read_UntilTheLifetimeEnds_ThenExpired()
    {
        var key = ObjectKeys.ForConfigFile(7, ".csv");
        var link = await Links.CreateAsync(key, RequestBase, Ct);

        _host.Clock.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromMilliseconds(1));
        Assert.Equal(ConfigFileTokenState.Valid, Read(link!).State);
        _host.Clock.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal((ConfigFileTokenState.Expired, ""), Read(link!));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-token")]
    [InlineData("config%2F7%2Fa.json")]
    public void Read_NotATokenOfThisWorkbench_Invalid(string token)
    {
        Assert.Equal(ConfigFileTokenState.Invalid, Links.Read(token, out var key));
        Assert.Equal("", key);
    }

    [Fact]
    public async Task Read_TokenWithOneCharacterChanged_Invalid()
    {
        var link = await Links.CreateAsync(ObjectKeys.ForConfigFile(7, ".json"), RequestBase, Ct);
        var token = Token(link!);
        var middle = token.Length / 2;
        var tampered = token[..middle] + (token[middle] == 'A' ? 'B' : 'A') + token[(middle + 1)..];

        Assert.Equal(ConfigFileTokenState.Invalid, Links.Read(tampered, out _));
    }

    [Fact]
    public async Task Create_KeyThatIsNotAConfigFile_Refused() =>
        await Assert.ThrowsAsync<InvalidObjectKeyException>(() => Links.CreateAsync("screenshots/1/a.png", RequestBase, Ct));

    [Fact]
    public async Task Create_NoRequestAndNoServer_NoLink() =>
        Assert.Null(await Links.CreateAsync(ObjectKeys.ForConfigFile(7, ".json"), requestBase: null, Ct));

    [Fact]
    public async Task Create_PublicBaseUrlConfigured_WinsOverTheRequestsAddress()
    {
        await using var host = new CoreTestHost(new Dictionary<string, string?> { ["Workbench:PublicBaseUrl"] = "https://rpa.corp.example/workbench" });

        var link = await host.Get<ConfigFileLinks>().CreateAsync(ObjectKeys.ForConfigFile(7, ".json"), RequestBase, Ct);

        Assert.StartsWith("https://rpa.corp.example/workbench/api/v1/resources/config-files/", link!.Url.AbsoluteUri, StringComparison.Ordinal);
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private (ConfigFileTokenState State, string Key) Read(ConfigFileLink link) => (Links.Read(Token(link), out var key), key);

    private static string Token(ConfigFileLink link) => link.Url.Segments[^1];
}
