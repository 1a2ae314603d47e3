namespace RpaWorkbench.Core.Time;

/// <summary><c>Workbench:TimeZone</c>: the zone operators read times in (stored times stay UTC).</summary>
public sealed class TimeZoneOptions
{
    public const string SectionName = "Workbench";

    /// <summary>IANA or Windows zone id.</summary>
    [TimeZoneId]
    public string TimeZone { get; set; } = "Asia/Shanghai";
}

[OptionsValidator]
internal sealed partial class TimeZoneOptionsValidator : IValidateOptions<TimeZoneOptions>;

internal static class TimeServiceCollectionExtensions
{
    public static IServiceCollection AddTimeZoneOptions(this IServiceCollection services) =>
        services.AddWorkbenchOptions<TimeZoneOptions, TimeZoneOptionsValidator>(TimeZoneOptions.SectionName, SettingsGroups.General,
        s => s.Add(o => o.TimeZone, "Settings.TimeZone")).Services;
}
