using RpaWorkbench.Core.Configuration;

namespace RpaWorkbench.Core.Dispatch;

/// <summary>How the dispatch queue is served (<c>Workbench:Dispatch</c>).</summary>
public sealed class DispatchOptions
{
    public const string SectionName = "Workbench:Dispatch";

    /// <summary>Off: this process starts no queued run (a Workbench that only serves pages beside one that dispatches).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>A pass runs at least this often; live events (a run queued, a robot free) wake it sooner.</summary>
    [TimeSpanRange("00:00:00", "00:01:00", MinimumIsExclusive = true)]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>After a live event the pass waits this long, so a burst of events makes one pass, not one each.</summary>
    [TimeSpanRange("00:00:00", "00:00:05")]
    public TimeSpan WakeDebounce { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// A run still starting this long after its dispatcher claimed it was interrupted (a crash or restart during the
    /// agent call): it is treated as running, so its robot's callback or the lost verdict ends it. Longer than the
    /// agent's whole time budget (<c>Workbench:Robots</c> attempts and retries).
    /// </summary>
    [TimeSpanRange("00:00:00", "01:00:00", MinimumIsExclusive = true)]
    public TimeSpan StartingGrace { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A running run of a task without its own run time-out is lost when no callback came this long after it started (plus <see cref="LostGrace"/>).</summary>
    [TimeSpanRange("00:00:01", "7.00:00:00")]
    public TimeSpan LostAfter { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Added to a run's time-out before it is judged lost, for a callback on its way.</summary>
    [TimeSpanRange("00:00:00", "01:00:00")]
    public TimeSpan LostGrace { get; set; } = TimeSpan.FromMinutes(5);
}

[OptionsValidator]
internal sealed partial class DispatchOptionsValidator : IValidateOptions<DispatchOptions>;

internal static class DispatchServiceCollectionExtensions
{
    public static IServiceCollection AddDispatchQueue(this IServiceCollection services)
    {
        services.AddWorkbenchOptions<DispatchOptions, DispatchOptionsValidator>(DispatchOptions.SectionName, SettingsGroups.Dispatch, s => s
            .Add(o => o.Enabled, "Settings.DispatchEnabled")
            .Add(o => o.PollInterval, "Settings.DispatchPollInterval")
            .Add(o => o.WakeDebounce, "Settings.DispatchWakeDebounce")
            .Add(o => o.StartingGrace, "Settings.DispatchStartingGrace")
            .Add(o => o.LostAfter, "Settings.DispatchLostAfter")
            .Add(o => o.LostGrace, "Settings.DispatchLostGrace"));
        services.AddSingleton<DispatchTransitions>();
        services.AddSingleton<DifyDispatch>();
        services.AddScoped<DispatchQueue>();
        services.AddSingleton<InFlightRuns>();
        services.AddSingleton<Dispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<Dispatcher>());
        return services;
    }
}
