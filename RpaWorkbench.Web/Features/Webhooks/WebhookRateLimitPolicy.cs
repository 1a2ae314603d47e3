using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using RpaWorkbench.Web.Features.ApiKeys;
using RpaWorkbench.Web.Infrastructure.Api;

namespace RpaWorkbench.Web.Features.Webhooks;

/// <summary>
/// A token bucket per API key (<c>Workbench:Webhooks:RateLimit</c>), so one runaway robot or script cannot crowd out the
/// others. It runs after authorization: the key is already checked (and hashed once) and its id is a claim. A refused
/// call gets 429 problem details with <c>Retry-After</c> and stores nothing.
/// </summary>
public sealed class WebhookRateLimitPolicy : IRateLimiterPolicy<string>
{
    public const string Name = "webhooks";

    // Cached, so choosing a partition allocates nothing per callback.
    private readonly Func<string, RateLimiter> _createBucket;

    public WebhookRateLimitPolicy(IOptions<WebhookRateLimitOptions> options) =>
        _createBucket = TokenBuckets.Factory(options.Value.PermitsPerSecond, options.Value.Burst);

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => RefuseAsync;

    // Authorization has let only callers with a valid key through; the empty key is a fail-safe shared bucket.
    public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
        RateLimitPartition.Get(httpContext.User.FindFirst(ApiKeyAuthenticationHandler.KeyIdClaim)?.Value ?? "", _createBucket);

    private static ValueTask RefuseAsync(OnRejectedContext context, CancellationToken cancellationToken) =>
        RetryAfter.RefuseAsync(context, "This API key sent more callbacks than its limit allows; nothing was stored.");
}
