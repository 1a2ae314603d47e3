namespace RpaWorkbench.Web.Features.Webhooks;

/// <summary>What the webhook endpoints need besides the Core: their per-key rate limit.</summary>
public static class WebhookSetup
{
    public static IServiceCollection AddWorkbenchWebhooks(this IServiceCollection services)
    {
        services.AddOptions<WebhookRateLimitOptions>().BindConfiguration(WebhookRateLimitOptions.SectionName)
            .Validate(o => o.PermitsPerSecond >= 1, "Workbench:Webhooks:RateLimit:PermitsPerSecond must be at least 1.")
            .Validate(o => o.Burst >= 1, "Workbench:Webhooks:RateLimit:Burst must be at least 1.")
            .ValidateOnStart();
        services.AddRateLimiter(o => o.AddPolicy<string, WebhookRateLimitPolicy>(WebhookRateLimitPolicy.Name));
        return services;
    }
}
