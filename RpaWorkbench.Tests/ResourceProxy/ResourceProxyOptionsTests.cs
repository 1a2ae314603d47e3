using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RpaWorkbench.Core.Configuration;
using RpaWorkbench.Core.Storage.Proxy;

namespace RpaWorkbench.Tests.ResourceProxy;

/// <summary>The proxy's settings: defaults, binding from configuration, and refusals naming the setting.</summary>
public sealed class ResourceProxyOptionsTests
{
    [Fact]
    public void Defaults_NoHostAllowed_20MiB_15Seconds_3Redirects()
    {
        var options = Bind([]);

        Assert.Empty(options.ProxyAllowedHosts);
        Assert.Empty(options.ProxyAllowedNetworks);
        Assert.Equal(20 * 1024 * 1024, options.ProxyMaxBytes);
        Assert.Equal(TimeSpan.FromSeconds(15), options.ProxyTimeout);
        Assert.Equal(3, options.ProxyMaxRedirects);
        Assert.False(new ResourceUrlPolicy(new HostAllowList(options.ProxyAllowedHosts), () => []).Check("https://oss.example.test/a.png").IsAllowed);
    }

    [Fact]
    public void Bind_FromWorkbenchStorage_ReadsEveryProxySetting()
    {
        var options = Bind(new Dictionary<string, string?>
        {
            ["Workbench:Storage:ProxyAllowedHosts:0"] = "my-bucket.oss-cn-hangzhou.aliyuncs.com",
            ["Workbench:Storage:ProxyAllowedNetworks:0"] = "10.20.0.0/16",
            ["Workbench:Storage:ProxyMaxBytes"] = "1048576",
            ["Workbench:Storage:ProxyTimeout"] = "00:00:05",
            ["Workbench:Storage:ProxyMaxRedirects"] = "0",
        });

        Assert.Equal(["my-bucket.oss-cn-hangzhou.aliyuncs.com"], options.ProxyAllowedHosts);
        Assert.Equal(["10.20.0.0/16"], options.ProxyAllowedNetworks);
        Assert.Equal(1048576, options.ProxyMaxBytes);
        Assert.Equal(TimeSpan.FromSeconds(5), options.ProxyTimeout);
        Assert.Equal(0, options.ProxyMaxRedirects);
    }

    [Theory]
    [InlineData("ProxyAllowedHosts:0", "127.0.0.1", "ProxyAllowedHosts")]
    [InlineData("ProxyAllowedHosts:0", "[::1]", "ProxyAllowedHosts")]
    [InlineData("ProxyAllowedHosts:0", "localhost", "ProxyAllowedHosts")]
    [InlineData("ProxyAllowedHosts:0", "*.localhost", "ProxyAllowedHosts")]
    [InlineData("ProxyAllowedHosts:0", "https://oss.example.test", "ProxyAllowedHosts")]
    [InlineData("ProxyAllowedHosts:0", "oss.example.test/shots", "ProxyAllowedHosts")]
    [InlineData("ProxyAllowedHosts:0", "oss.example.test:443", "ProxyAllowedHosts")]
    [InlineData("ProxyAllowedHosts:0", "*", "ProxyAllowedHosts")]
    [InlineData("ProxyAllowedHosts:0", "*.com", "ProxyAllowedHosts")]
    [InlineData("ProxyAllowedHosts:0", "oss.*.test", "ProxyAllowedHosts")]
    [InlineData("ProxyAllowedHosts:0", "-oss.example.test", "ProxyAllowedHosts")]
    [InlineData("ProxyAllowedHosts:0", "oss.example.test.", "ProxyAllowedHosts")]
    [InlineData("ProxyAllowedNetworks:0", "10.0.0.1/8", "ProxyAllowedNetworks")]
    [InlineData("ProxyAllowedNetworks:0", "10.0.0.0/33", "ProxyAllowedNetworks")]
    [InlineData("ProxyAllowedNetworks:0", "minio.internal", "ProxyAllowedNetworks")]
    [InlineData("ProxyMaxBytes", "0", "ProxyMaxBytes")]
    [InlineData("ProxyTimeout", "00:00:00", "ProxyTimeout")]
    [InlineData("ProxyTimeout", "01:00:00", "ProxyTimeout")]
    [InlineData("ProxyMaxRedirects", "11", "ProxyMaxRedirects")]
    public void Validate_BadSetting_FailsNamingIt(string key, string value, string named)
    {
        var result = new KeyNamingValidator<ResourceProxyOptions>(new ResourceProxyOptionsValidator(), ResourceProxyOptions.SectionName).Validate(null, Bind(new Dictionary<string, string?> { ["Workbench:Storage:" + key] = value }));

        Assert.True(result.Failed);
        Assert.Contains($"Workbench:Storage:{named}", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_StartUp_RefusesABadHostBeforeServing()
    {
        var services = new ServiceCollection().AddSingleton<IConfiguration>(Configuration(new Dictionary<string, string?>
        {
            ["Workbench:Storage:ProxyAllowedHosts:0"] = "169.254.169.254",
        }));
        services.AddResourceProxy();
        using var provider = services.BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ResourceProxyOptions>>().Value);
        Assert.Contains("169.254.169.254", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("my-bucket.oss-cn-hangzhou.aliyuncs.com", "my-bucket.oss-cn-hangzhou.aliyuncs.com", true)]
    [InlineData("My-Bucket.OSS-cn-hangzhou.aliyuncs.com", "my-bucket.oss-cn-hangzhou.aliyuncs.com", true)]
    [InlineData("*.oss-cn-hangzhou.aliyuncs.com", "my-bucket.oss-cn-hangzhou.aliyuncs.com", true)]
    [InlineData("*.oss-cn-hangzhou.aliyuncs.com", "a.b.oss-cn-hangzhou.aliyuncs.com", true)]
    [InlineData("*.oss-cn-hangzhou.aliyuncs.com", "oss-cn-hangzhou.aliyuncs.com", false)]
    [InlineData("*.oss-cn-hangzhou.aliyuncs.com", "evil-oss-cn-hangzhou.aliyuncs.com", false)]
    [InlineData("my-bucket.oss-cn-hangzhou.aliyuncs.com", "other.oss-cn-hangzhou.aliyuncs.com", false)]
    [InlineData("minio", "minio", true)]
    public void HostAllowList_Allows_ExactNamesAndWildcardSuffixes(string entry, string host, bool allowed) =>
        Assert.Equal(allowed, new HostAllowList([entry]).Allows(host));

    private static ResourceProxyOptions Bind(Dictionary<string, string?> settings)
    {
        var options = new ResourceProxyOptions();
        Configuration(settings).GetSection(ResourceProxyOptions.SectionName).Bind(options);
        return options;
    }

    private static IConfiguration Configuration(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
}
