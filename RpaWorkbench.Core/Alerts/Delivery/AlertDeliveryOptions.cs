using RpaWorkbench.Core.Configuration;

namespace RpaWorkbench.Core.Alerts.Delivery;

/// <summary>How the alert outbox delivers messages (<c>Workbench:Alerts:Delivery</c>).</summary>
public sealed class AlertDeliveryOptions
{
    public const string SectionName = "Workbench:Alerts:Delivery";

    /// <summary>Off: this process sends no alert message (another instance on the same database must).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>A pass runs at least this often; a new alert wakes it sooner.</summary>
    [TimeSpanRange("00:00:00", "00:05:00", MinimumIsExclusive = true)]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long a sender holds a message it is sending; past it (the sender crashed mid-send) another pass sends it again.
    /// Longer than a channel's send time-out (15 s).
    /// </summary>
    [TimeSpanRange("00:00:20", "01:00:00")]
    public TimeSpan SendLease { get; set; } = TimeSpan.FromMinutes(2);
}

[OptionsValidator]
internal sealed partial class AlertDeliveryOptionsValidator : IValidateOptions<AlertDeliveryOptions>;

internal static class AlertDeliveryServiceCollectionExtensions
{
    public static IServiceCollection AddAlertDelivery(this IServiceCollection services)
    {
        services.AddWorkbenchOptions<AlertDeliveryOptions, AlertDeliveryOptionsValidator>(AlertDeliveryOptions.SectionName, SettingsGroups.AlertDelivery, s => s
            .Add(o => o.Enabled, "Settings.AlertDeliveryEnabled")
            .Add(o => o.PollInterval, "Settings.AlertDeliveryPollInterval")
            .Add(o => o.SendLease, "Settings.AlertDeliverySendLease"));
        services.AddSingleton<AlertSends>();
        services.AddSingleton<AlertOutbox>();
        services.AddHostedService(sp => sp.GetRequiredService<AlertOutbox>());
        return services;
    }
}
