using Microsoft.Extensions.DependencyInjection.Extensions;

namespace RpaWorkbench.Core.Storage.Proxy;

internal static class ResourceProxyServiceCollectionExtensions
{
    /// <summary>The resource proxy's options, rules and its HTTP client (guarded connects, no redirects, no proxy, no cookies).</summary>
    public static IServiceCollection AddResourceProxy(this IServiceCollection services)
    {
        services.AddWorkbenchOptions<ResourceProxyOptions, ResourceProxyOptionsValidator>(ResourceProxyOptions.SectionName, SettingsGroups.ResourceProxy, s => s
            .Add(o => o.ProxyAllowedHosts, "Settings.ProxyAllowedHosts")
            .Add(o => o.ProxyAllowedNetworks, "Settings.ProxyAllowedNetworks")
            .Add(o => o.ProxyMaxBytes, "Settings.ProxyMaxBytes")
            .Add(o => o.ProxyTimeout, "Settings.ProxyTimeout")
            .Add(o => o.ProxyMaxRedirects, "Settings.ProxyMaxRedirects"));
        services.TryAddSingleton<IProxyNetwork, SystemProxyNetwork>();
        services.AddSingleton(sp => new ResourceUrlPolicy(
            new HostAllowList(Options(sp).ProxyAllowedHosts), sp.GetRequiredService<WorkbenchAddress>().OwnBaseUrls));

        services.AddHttpClient<ResourceFetcher>(client => client.Timeout = Timeout.InfiniteTimeSpan)
            // Redirects are followed by ResourceFetcher, which checks every target first.
            .ConfigurePrimaryHttpMessageHandler(sp => GuardedConnector.Handler(sp, "Resource proxy", Options(sp).ProxyAllowedNetworks, Options(sp).ProxyTimeout))
            // The factory's request logging would write whole URLs; the fetcher logs host and path itself.
            .RemoveAllLoggers();
        return services;
    }

    private static ResourceProxyOptions Options(IServiceProvider services) => services.GetRequiredService<IOptions<ResourceProxyOptions>>().Value;
}
