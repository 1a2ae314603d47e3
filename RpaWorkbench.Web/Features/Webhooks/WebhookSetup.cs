using RpaWorkbench.Core.Configuration;

namespace RpaWorkbench.Web.Features.Webhooks;

/// <summary>What the webhook endpoints need besides the Core: their per-key rate limit.</summary>
public static class WebhookSetup
{
    public static IServiceCollection AddWorkbenchWebhooks(this IServiceCollection services)
    {
        services.AddWorkbenchOptions<WebhookRateLimitOptions, WebhookRateLimitOptionsValidator>(WebhookRateLimitOptions.SectionName, SettingsGroups.Webhooks, s => s
            .Add(o => o.PermitsPerSecond, "Settings.RatePermitsPerSecond")
            .Add(o => o.Burst, "Settings.RateBurst"));
                services.AddRateLimiter(o => o.AddPolicy<string, WebhookRateLimitPolicy>(WebhookRateLimitPolicy.Name));
        return services;
    }
}
