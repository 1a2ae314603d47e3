using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Core.Storage.Proxy;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.ResourceProxy;

/// <summary>
/// The Workbench with the resource proxy set up for tests: allowed hosts that <see cref="Network"/> maps (storage names
/// to 127.0.0.1, trap names to private, link-local and reserved addresses), 127.0.0.1/32 as the one allowed network,
/// a 64 KiB size cap, and every log entry captured. No name reaches real DNS, no connection leaves loopback.
/// </summary>
public sealed class ResourceProxyAppFactory : WorkbenchAppFactory
{
    public const string StorageHost = "oss.example.test";
    public const string CdnHost = "shots.cdn.example.test";
    public const string TrapSuffix = "trap.example.test";
    public const int MaxBytes = 64 * 1024;
    public const string ApiKey = "test-webhook-key-0123456789-abcdefghijklmnop";

    private ResourceProxyAppFactory(IReadOnlyDictionary<string, string> overrides)
        : base(Settings(overrides))
    {
        Network.Map(StorageHost, "127.0.0.1");
        Network.Map(CdnHost, "127.0.0.1");
    }

    public LoopbackOnlyProxyNetwork Network { get; } = new();

    public CapturingLoggerProvider Logs { get; } = new();

    /// <summary>The usual test set-up, with these settings changed (e.g. a short <c>ProxyTimeout</c>).</summary>
    public static ResourceProxyAppFactory Create(IReadOnlyDictionary<string, string>? overrides = null) => new(overrides ?? new Dictionary<string, string>());

    /// <summary>A host name on the allow-list (under the trap wildcard) that resolves to these addresses.</summary>
    public string Trap(string label, params string[] addresses)
    {
        var host = $"{label}.{TrapSuffix}";
        Network.Map(host, addresses);
        return host;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IProxyNetwork>(Network));
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
    }

    private static Dictionary<string, string> Settings(IReadOnlyDictionary<string, string> overrides)
    {
        var settings = new Dictionary<string, string>
        {
            ["Workbench:Bootstrap:WebhookApiKey"] = ApiKey,
            ["Workbench:Storage:ProxyAllowedHosts:0"] = StorageHost,
            ["Workbench:Storage:ProxyAllowedHosts:1"] = "*.cdn.example.test",
            ["Workbench:Storage:ProxyAllowedHosts:2"] = "*." + TrapSuffix,
            ["Workbench:Storage:ProxyAllowedNetworks:0"] = "127.0.0.1/32",
            ["Workbench:Storage:ProxyMaxBytes"] = MaxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        return settings;
    }
}
