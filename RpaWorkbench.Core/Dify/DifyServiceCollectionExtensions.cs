using Microsoft.Extensions.DependencyInjection.Extensions;

namespace RpaWorkbench.Core.Dify;

internal static class DifyServiceCollectionExtensions
{
    /// <summary>The Dify workflow client, its settings and the API-key protector.</summary>
    public static IServiceCollection AddDifyWorkflows(this IServiceCollection services)
    {
        services.AddWorkbenchOptions<DifyOptions, DifyOptionsValidator>(DifyOptions.SectionName, SettingsGroups.Robots, s => s
            .Add(o => o.AllowedBaseUrls, "Settings.DifyAllowedBaseUrls", urls => SettingsBuilder.Text(urls ?? DifyOptions.DefaultAllowedBaseUrls))
            .Add(o => o.RunTimeout, "Settings.DifyRunTimeout")
            .Add(o => o.User, "Settings.DifyUser"));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DifyApiKeys>();
        services.TryAddTransient<DifyRunner>();
        // The run's own timeout (RunTimeout) bounds the call; no retries here: a failed run is retried as a whole by its batch.
        services.AddHttpClient<DifyWorkflowClient>(client => client.Timeout = Timeout.InfiniteTimeSpan);
        return services;
    }
}
