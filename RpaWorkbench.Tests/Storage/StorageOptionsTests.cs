using Microsoft.Extensions.Options;
using RpaWorkbench.Core.Storage;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Storage;

/// <summary>Which store the Core registers, where the local one keeps files, and how bad settings are refused.</summary>
public sealed class StorageOptionsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Default_LocalStoreInObjectsNextToTheDatabase()
    {
        await using var host = new CoreTestHost();

        var store = host.Get<IObjectStore>();
        await store.PutAsync("config/1/a.json", "{}"u8.ToArray(), "application/json", Ct);

        Assert.IsType<LocalFolderObjectStore>(store);
        Assert.Equal(Path.Combine(host.DataDirectory, "objects"), host.Get<IOptions<StorageOptions>>().Value.LocalRoot);
        Assert.Equal("{}", await File.ReadAllTextAsync(Path.Combine(host.DataDirectory, "objects", "config", "1", "a.json"), Ct));
    }

    [Fact]
    public async Task LocalRoot_Relative_ResolvedAgainstTheContentRoot()
    {
        await using var host = new CoreTestHost(new Dictionary<string, string?> { ["Workbench:Storage:LocalRoot"] = "files/objects" });

        Assert.Equal(Path.Combine(host.DataDirectory, "files", "objects"), host.Get<IOptions<StorageOptions>>().Value.LocalRoot);
    }

    [Fact]
    public async Task ProviderS3_RegistersTheS3Store()
    {
        await using var host = new CoreTestHost(new Dictionary<string, string?>
        {
            ["Workbench:Storage:Provider"] = "S3",
            ["Workbench:Storage:S3:ServiceUrl"] = "https://oss-cn-hangzhou.aliyuncs.com",
            ["Workbench:Storage:S3:Bucket"] = "robot-configs",
            ["Workbench:Storage:S3:AccessKey"] = "key-id",
            ["Workbench:Storage:S3:SecretKey"] = "secret",
        });

        // Resolving builds a client; nothing is sent until a call is made.
        Assert.IsType<S3ObjectStore>(host.Get<IObjectStore>());
        Assert.Equal(TimeSpan.FromMinutes(15), host.Get<IOptions<StorageOptions>>().Value.S3.PresignExpiry);
    }

    [Fact]
    public async Task ProviderS3_MissingSettings_EachNamedAndTheSecretNeverShown()
    {
        const string secret = "sk-never-in-a-message";
        await using var host = new CoreTestHost(new Dictionary<string, string?>
        {
            ["Workbench:Storage:Provider"] = "S3",
            ["Workbench:Storage:S3:ServiceUrl"] = "ftp://example",
            ["Workbench:Storage:S3:Bucket"] = "Not_A_Bucket",
            ["Workbench:Storage:S3:SecretKey"] = secret,
            ["Workbench:Storage:S3:Region"] = "",
            ["Workbench:Storage:S3:PresignExpiry"] = "8.00:00:00",
        });

        var error = Assert.Throws<OptionsValidationException>(() => host.Get<IOptions<StorageOptions>>().Value);

        foreach (var option in new[] { "ServiceUrl", "Bucket", "AccessKey", "Region", "PresignExpiry" })
        {
            Assert.Contains(error.Failures, f => f.StartsWith($"Workbench:Storage:S3:{option} ", StringComparison.Ordinal));
        }

        Assert.DoesNotContain(error.Failures, f => f.StartsWith("Workbench:Storage:S3:SecretKey", StringComparison.Ordinal));
        Assert.DoesNotContain(secret, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProviderS3_NoSecret_NamesTheSetting()
    {
        await using var host = new CoreTestHost(new Dictionary<string, string?> { ["Workbench:Storage:Provider"] = "S3" });

        var error = Assert.Throws<OptionsValidationException>(() => host.Get<IOptions<StorageOptions>>().Value);

        Assert.Contains(error.Failures, f => f.StartsWith("Workbench:Storage:S3:SecretKey is required", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Workbench:Storage:MaxConfigFileBytes", "0", "Workbench:Storage:MaxConfigFileBytes")]
    [InlineData("Workbench:Storage:ConfigFileExtensions:0", "json", "Workbench:Storage:ConfigFileExtensions")]
    [InlineData("Workbench:Storage:Provider", "7", "Workbench:Storage:Provider")]
    public async Task BadSetting_RefusedNamingIt(string setting, string value, string named)
    {
        await using var host = new CoreTestHost(new Dictionary<string, string?> { [setting] = value });

        var error = Assert.Throws<OptionsValidationException>(() => host.Get<IOptions<StorageOptions>>().Value);

        Assert.Contains(error.Failures, f => f.StartsWith(named, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Startup_ProviderUnknown_FailsNamingTheSetting()
    {
        await using var app = WorkbenchAppFactory.With(new Dictionary<string, string> { ["Workbench:Storage:Provider"] = "Azure" });

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("Workbench:Storage:Provider", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Startup_S3WithoutBucket_FailsNamingTheSettingNotTheSecret()
    {
        await using var app = WorkbenchAppFactory.With(new Dictionary<string, string>
        {
            ["Workbench:Storage:Provider"] = "S3",
            ["Workbench:Storage:S3:ServiceUrl"] = "http://127.0.0.1:9/",
            ["Workbench:Storage:S3:AccessKey"] = "key-id",
            ["Workbench:Storage:S3:SecretKey"] = "sk-start-up-secret",
        });

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("Workbench:Storage:S3:Bucket", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("sk-start-up-secret", error.ToString(), StringComparison.Ordinal);
    }
}
