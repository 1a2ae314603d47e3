using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using RpaWorkbench.Core.Configuration;
using RpaWorkbench.Web.Features.ApiKeys;

namespace RpaWorkbench.Web.Infrastructure.Api;

/// <summary><c>Workbench:Api:RateLimit</c>: how fast one caller (an API key, or a signed-in user) may call the REST API.</summary>
public sealed class RestRateLimitOptions
{
    public const string SectionName = "Workbench:Api:RateLimit";

    /// <summary>Calls per second one caller may keep up.</summary>
    [NumberRange(1)]
    public int PermitsPerSecond { get; set; } = 50;

    /// <summary>Calls one caller may make at once (the bucket's size).</summary>
    [NumberRange(1)]
    public int Burst { get; set; } = 200;
}

[OptionsValidator]
internal sealed partial class RestRateLimitOptionsValidator : IValidateOptions<RestRateLimitOptions>;

/// <summary>
/// A token bucket per API key or user for the REST routes, so one runaway script cannot crowd out the operators'
/// pages. A refused call gets 429 problem details with <c>Retry-After</c> and did nothing.
/// </summary>
public sealed class RestRateLimitPolicy(IOptions<RestRateLimitOptions> options) : IRateLimiterPolicy<string>
{
    public const string Name = "rest";

    private readonly Func<string, RateLimiter> _createBucket = TokenBuckets.Factory(options.Value.PermitsPerSecond, options.Value.Burst);

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => RefuseAsync;

    public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
        RateLimitPartition.Get(Caller(httpContext.User), _createBucket);

    public static IServiceCollection AddRestRateLimit(IServiceCollection services)
    {
        services.AddWorkbenchOptions<RestRateLimitOptions, RestRateLimitOptionsValidator>(RestRateLimitOptions.SectionName, SettingsGroups.Api, s => s
            .Add(o => o.PermitsPerSecond, "Settings.ApiRatePermitsPerSecond")
            .Add(o => o.Burst, "Settings.ApiRateBurst"));
        return services.AddRateLimiter(o => o.AddPolicy<string, RestRateLimitPolicy>(Name));
    }

    private static string Caller(ClaimsPrincipal user) =>
        user.FindFirst(ApiKeyAuthenticationHandler.KeyIdClaim)?.Value is { } key ? "key:" + key
        : "user:" + (user.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? "");

    private static ValueTask RefuseAsync(OnRejectedContext context, CancellationToken cancellationToken) =>
        RetryAfter.RefuseAsync(context, "This caller sent more API calls than its limit allows; nothing was done.");
}

/// <summary>Token buckets for partitioned rate limiters, refilled each second by the partitioned limiter's own timer.</summary>
public static class TokenBuckets
{
    public static Func<string, RateLimiter> Factory(int permitsPerSecond, int burst) => _ => new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
    {
        TokenLimit = burst,
        TokensPerPeriod = permitsPerSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        // The partitioned limiter's own timer refills every bucket; no timer per caller.
        AutoReplenishment = false,
    });
}
