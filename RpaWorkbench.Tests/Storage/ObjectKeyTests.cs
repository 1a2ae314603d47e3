using Microsoft.Extensions.Options;
using RpaWorkbench.Core.Storage;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Storage;

/// <summary>Keys are generated, and any other key is refused by both stores before they touch a file or the network.</summary>
public sealed class ObjectKeyTests
{
    public static readonly string[] InvalidKeys =
    [
        "", "../../secret.json", "../secret.json", "config/../../../secret.json", "config/./a.json", "/etc/passwd.json",
        "/config/a.json", "config\\a.json", "..\\..\\secret.json", "C:/secret.json", "c:secret.json", "Config/A.json",
        "config/noextension", "config/.hidden", "config/.json", "config/a..json", "config/a.json.", "config//a.json",
        "config/a.json/", "config.d/a.json", "config/a.json\n", "config/a b.json", "config/%2e%2e/a.json", "config/配置.json",
        "config/a.json?x=1", "config/a.json#x", "config/a.json~meta", new string('a', 252) + ".json",
    ];

    public static TheoryData<string, string> InvalidKeysForEachStore =>
        new(InvalidKeys.SelectMany(key => new[] { (ObjectStoreContractTests.Local, key), (ObjectStoreContractTests.S3, key) }));

    public static TheoryData<string> Invalid => new(InvalidKeys);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("config/42/0f8fad5bd9cb469fa16570867728950e.json")]
    [InlineData("a.b")]
    [InlineData("run/2026-01-27/screenshot_1.tar.gz")]
    public void IsValid_GeneratedShapes_True(string key) => Assert.True(ObjectKeys.IsValid(key));

    [Fact]
    public void IsValid_LongestKey_True() => Assert.True(ObjectKeys.IsValid(new string('a', 251) + ".json"));

    [Theory, MemberData(nameof(Invalid))]
    public void IsValid_AnythingElse_False(string key) => Assert.False(ObjectKeys.IsValid(key));

    [Fact]
    public void ForConfigFile_MakesAFreshLowerCaseKeyUnderTheTask()
    {
        var first = ObjectKeys.ForConfigFile(42, ".XLSX");
        var second = ObjectKeys.ForConfigFile(42, ".xlsx");

        Assert.Matches("^config/42/[0-9a-f]{32}\\.xlsx$", first);
        Assert.NotEqual(first, second);
        Assert.True(ObjectKeys.IsConfigFile(first));
        Assert.Equal(first[10..], ObjectKeys.FileName(first));
    }

    [Theory]
    [InlineData(".exe/../x")]
    [InlineData("json")]
    [InlineData(".")]
    public void ForConfigFile_NotAnExtension_Throws(string extension) =>
        Assert.Throws<ArgumentException>(() => ObjectKeys.ForConfigFile(1, extension));

    [Theory, MemberData(nameof(InvalidKeysForEachStore))]
    public async Task EveryOperation_InvalidKey_RefusedBeforeAnyIo(string store, string key)
    {
        using var folder = new TempDirectory();
        var outside = Path.Combine(folder.Path, "secret.json");
        await File.WriteAllTextAsync(outside, "outside the store", Ct);
        var root = Path.Combine(folder.Path, "objects", "root");
        // S3: an endpoint nothing listens on, so a call that reached the network would fail differently.
        var objects = store == ObjectStoreContractTests.Local
            ? (IObjectStore)new LocalFolderObjectStore(Options.Create(new StorageOptions { LocalRoot = root }))
            : new S3ObjectStore(new S3StorageOptions
            {
                ServiceUrl = S3rverFixture.UnreachableServiceUrl(), Bucket = "offline", AccessKey = "a", SecretKey = "s",
            }, TimeProvider.System);
        try
        {
            await Assert.ThrowsAsync<InvalidObjectKeyException>(() => objects.PutAsync(key, [1], "text/plain", Ct));
            await Assert.ThrowsAsync<InvalidObjectKeyException>(() => objects.GetAsync(key, Ct));
            await Assert.ThrowsAsync<InvalidObjectKeyException>(() => objects.ExistsAsync(key, Ct));
            await Assert.ThrowsAsync<InvalidObjectKeyException>(() => objects.DeleteAsync(key, Ct));
            await Assert.ThrowsAsync<InvalidObjectKeyException>(() => objects.GetDownloadUrlAsync(key, Ct));
        }
        finally
        {
            (objects as IDisposable)?.Dispose();
        }

        Assert.False(Directory.Exists(Path.Combine(folder.Path, "objects")));
        Assert.Equal("outside the store", await File.ReadAllTextAsync(outside, Ct));
    }
}
