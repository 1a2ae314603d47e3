namespace RpaWorkbench.Core.Demo;

/// <summary><c>Workbench:Demo</c> (or <c>--demo</c>): fill an empty database with realistic sample data.</summary>
internal sealed class DemoOptions
{
    public const string SectionName = "Workbench";

    public bool Demo { get; set; }
}

internal static class DemoServiceCollectionExtensions
{
    public static IServiceCollection AddDemoOptions(this IServiceCollection services) =>
        services.AddWorkbenchOptions<DemoOptions>(DemoOptions.SectionName, SettingsGroups.General,
        s => s.Add(o => o.Demo, "Settings.Demo")).Services;
}
