using Microsoft.Extensions.DependencyInjection.Extensions;
using RpaWorkbench.Core.Storage.Proxy;

namespace RpaWorkbench.Core.Workflows.Http;

internal static class WorkflowHttpServiceCollectionExtensions
{
    /// <summary>
    /// HTTP steps: their settings, the runner, and a client of their own — guarded connects with the steps' own allowed
    /// networks (not the resource proxy's), no redirects followed, no proxy, no cookies.
    /// </summary>
    public static IServiceCollection AddWorkflowHttp(this IServiceCollection services)
    {
        services.AddWorkbenchOptions<WorkflowHttpOptions, WorkflowHttpOptionsValidator>(WorkflowHttpOptions.SectionName, SettingsGroups.Workflows, s => s
            .Add(o => o.HttpAllowedHosts, "Settings.WorkflowHttpAllowedHosts")
            .Add(o => o.HttpAllowedNetworks, "Settings.WorkflowHttpAllowedNetworks")
            .Add(o => o.HttpMaxResponseBytes, "Settings.WorkflowHttpMaxResponseBytes"));
        services.TryAddSingleton<IProxyNetwork, SystemProxyNetwork>();
        services.AddHttpClient(WorkflowHttpStepRunner.ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp => GuardedConnector.Handler(sp, "Workflow HTTP step",
                sp.GetRequiredService<IOptions<WorkflowHttpOptions>>().Value.HttpAllowedNetworks, Timeout.InfiniteTimeSpan))
            // The factory's request logging would write whole URLs, secrets in a query included; the runner logs them masked.
            .RemoveAllLoggers();
        services.AddSingleton<IWorkflowHttpStepRunner, WorkflowHttpStepRunner>();
        return services;
    }
}
