using Microsoft.Extensions.DependencyInjection.Extensions;

namespace RpaWorkbench.Core.Alerts.Channels;

internal static class AlertChannelServiceCollectionExtensions
{
    /// <summary>The HTTP client chat channels and webhooks are sent with, and one <see cref="IAlertChannelSender"/> per channel kind.</summary>
    public static IServiceCollection AddAlertChannels(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        // No retries here: the outbox retries a failed delivery with its backoff; a send is bounded by SendTimeout.
        services.AddHttpClient(AlertChannelHttp.ClientName, client => client.Timeout = AlertChannelHttp.SendTimeout)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        services.AddSingleton<IAlertChannelSender, DingTalkSender>();
        services.AddSingleton<IAlertChannelSender, WeComSender>();
        services.AddSingleton<IAlertChannelSender, FeishuSender>();
        services.AddSingleton<IAlertChannelSender, SlackSender>();
        services.AddSingleton<IAlertChannelSender, WebhookSender>();
        services.AddSingleton<IAlertChannelSender, EmailSender>();
        services.AddSingleton<AlertChannelSecrets>();
        services.AddSingleton<AlertRaiser>();
        services.AddScoped<History.AlertHistory>();
        return services;
    }
}

/// <summary>How channel senders reach chat services and webhooks.</summary>
internal static class AlertChannelHttp
{
    public const string ClientName = "alert-channels";

    /// <summary>A channel that has not answered in this time is a failed send (retried by the outbox).</summary>
    public static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(15);
}
