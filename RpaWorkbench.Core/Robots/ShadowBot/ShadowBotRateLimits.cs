using System.Collections.Frozen;
using System.Threading.RateLimiting;

namespace RpaWorkbench.Core.Robots.ShadowBot;

/// <summary>
/// ShadowBot's documented per-endpoint limits (requests per second), kept on our side so a burst waits its turn instead
/// of being refused with 429. Callers queue without limit: a job start is delayed, never dropped.
/// </summary>
public sealed class ShadowBotRateLimits : IDisposable
{
    internal static readonly FrozenDictionary<string, int> PerSecond = new Dictionary<string, int>
    {
        [ShadowBotEndpoints.Token] = 20,
        [ShadowBotEndpoints.JobStart] = 10,
        [ShadowBotEndpoints.JobStop] = 10,
        [ShadowBotEndpoints.JobRetry] = 10,
        [ShadowBotEndpoints.JobQuery] = 30,
        [ShadowBotEndpoints.ClientList] = 10,
        [ShadowBotEndpoints.ClientGroupList] = 5,
        [ShadowBotEndpoints.FileUpload] = 5,
    }.ToFrozenDictionary();

    // Ten segments per second: a permit comes back one second after it was used, so no one-second span exceeds the limit.
    private const int SegmentsPerWindow = 10;

    private readonly FrozenDictionary<string, RateLimiter> _limiters = PerSecond.ToFrozenDictionary(
        limit => limit.Key,
        limit => (RateLimiter)new SlidingWindowRateLimiter(new SlidingWindowRateLimiterOptions
        {
            PermitLimit = limit.Value,
            Window = TimeSpan.FromSeconds(1),
            SegmentsPerWindow = SegmentsPerWindow,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        }));

    /// <summary>Waits until <paramref name="endpoint"/> may be called again.</summary>
    internal async Task WaitAsync(string endpoint, CancellationToken cancellationToken)
    {
        using var lease = await _limiters[endpoint].AcquireAsync(1, cancellationToken);
        if (!lease.IsAcquired)
        {
            throw new InvalidOperationException($"The rate limiter for ShadowBot {endpoint} refused a permit although its queue is unbounded.");
        }
    }

    public void Dispose()
    {
        foreach (var limiter in _limiters.Values)
        {
            limiter.Dispose();
        }
    }
}

/// <summary>The OpenAPI paths the client calls, relative to <c>{BaseUrl}/oapi/</c>.</summary>
internal static class ShadowBotEndpoints
{
    public const string Token = "token/v2/token/create";
    public const string JobStart = "dispatch/v2/job/start";
    public const string JobStop = "dispatch/v2/job/stop";
    public const string JobRetry = "dispatch/v2/job/retry";
    public const string JobQuery = "dispatch/v2/job/query";
    public const string ClientList = "dispatch/v2/client/list";
    public const string ClientGroupList = "dispatch/v2/client/group/list";
    public const string FileUpload = "dispatch/v2/file/upload";
}
