using Microsoft.Extensions.DependencyInjection.Extensions;

namespace RpaWorkbench.Core.Robots.ShadowBot;

internal static class ShadowBotServiceCollectionExtensions
{
    /// <summary>The ShadowBot OpenAPI client, its settings, the shared token and the per-endpoint rate limits.</summary>
    public static IServiceCollection AddShadowBotClient(this IServiceCollection services)
    {
        services.AddWorkbenchOptions<ShadowBotOptions, ShadowBotOptionsValidator>(ShadowBotOptions.SectionName, SettingsGroups.Robots, s => s
            .Add(o => o.BaseUrl, "Settings.ShadowBotBaseUrl")
            .Secret(o => o.AccessKeyId, "Settings.ShadowBotAccessKeyId")
            .Secret(o => o.AccessKeySecret, "Settings.ShadowBotAccessKeySecret")
            .Add(o => o.ReconcileInterval, "Settings.ShadowBotReconcileInterval")
            .Add(o => o.ReconcileAfter, "Settings.ShadowBotReconcileAfter")
            .Add(o => o.ClientPollInterval, "Settings.ShadowBotClientPollInterval")
            .Add(o => o.CallbackMaxAge, "Settings.ShadowBotCallbackMaxAge"));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ShadowBotTokenCache>();
        services.TryAddSingleton<ShadowBotRateLimits>();
        services.TryAddSingleton<ShadowBotGroupDirectory>();
        services.AddHttpClient<ShadowBotClient>((sp, client) =>
        {
            var baseUrl = sp.GetRequiredService<IOptions<ShadowBotOptions>>().Value.BaseUrl.ToString();
            client.BaseAddress = new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/");
        });
        return services;
    }
}
