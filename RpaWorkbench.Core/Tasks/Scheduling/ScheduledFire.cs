namespace RpaWorkbench.Core.Tasks.Scheduling;

/// <summary>A fire the scheduler handled: the run it started, or the code and reason it was skipped for.</summary>
internal sealed record ScheduledFire(long TaskId, DateTime FireTime, string? SkipCode = null, string? SkipReason = null)
{
    public bool Started => SkipCode is null;
}
