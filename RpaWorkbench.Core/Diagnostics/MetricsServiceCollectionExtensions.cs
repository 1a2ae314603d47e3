using Microsoft.Extensions.DependencyInjection.Extensions;

namespace RpaWorkbench.Core.Diagnostics;

internal static class MetricsServiceCollectionExtensions
{
    /// <summary>The Workbench meter (once), for the Core and for parts registered on their own, such as the robot agent.</summary>
    public static IServiceCollection AddWorkbenchMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton<WorkbenchMetrics>();
        return services;
    }
}
