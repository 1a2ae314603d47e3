using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.Diagnostics;

namespace RpaWorkbench.Tests.Infrastructure;

/// <summary>Workbench metrics for parts built by hand in tests, on a meter factory of their own.</summary>
public static class TestMetrics
{
    private static readonly ServiceProvider Services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public static IMeterFactory MeterFactory => Services.GetRequiredService<IMeterFactory>();

    public static WorkbenchMetrics Create() => new(MeterFactory);
}
