namespace RpaWorkbench.Core.Tasks.Scheduling;

/// <summary>How the task scheduler runs (<c>Workbench:Scheduler</c>).</summary>
internal sealed class SchedulerOptions
{
    public const string SectionName = "Workbench:Scheduler";

    /// <summary>
    /// Off: no schedule fires from this process (a Workbench that only serves pages beside another that schedules,
    /// a benchmark, tests of other features). Fires that come while it is off run once when it is back on.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// How often the scheduler looks for due fires; a fire starts at most this late. At most a minute, the finest step
    /// of a cron schedule, so consecutive fires of an every-minute schedule never merge.
    /// </summary>
    [TimeSpanRange("00:00:00", "00:01:00", MinimumIsExclusive = true)]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
}

[OptionsValidator]
internal sealed partial class SchedulerOptionsValidator : IValidateOptions<SchedulerOptions>;

internal static class SchedulerServiceCollectionExtensions
{
    public static IServiceCollection AddSchedulerOptions(this IServiceCollection services) =>
        services.AddWorkbenchOptions<SchedulerOptions, SchedulerOptionsValidator>(SchedulerOptions.SectionName, SettingsGroups.Scheduler, s => s
            .Add(o => o.Enabled, "Settings.SchedulerEnabled")
            .Add(o => o.PollInterval, "Settings.PollInterval")).Services;
}
