namespace RpaWorkbench.Core.Time;

/// <summary><c>Workbench:TimeZone</c>: the zone operators read times in (stored times stay UTC).</summary>
public sealed class TimeZoneOptions
{
    public const string SectionName = "Workbench";

    /// <summary>IANA or Windows zone id.</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";
}
