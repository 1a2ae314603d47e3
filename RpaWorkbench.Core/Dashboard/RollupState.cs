namespace RpaWorkbench.Core.Dashboard;

/// <summary>The single row saying which time zone the roll-up's days were cut in, and when it was last rebuilt.</summary>
public class RollupState
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;
    public required string TimeZone { get; set; }
    public DateTime RebuiltAt { get; set; }
}
