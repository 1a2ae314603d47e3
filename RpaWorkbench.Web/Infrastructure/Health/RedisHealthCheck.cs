using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace RpaWorkbench.Web.Infrastructure.Health;

/// <summary>Redis answers PING over this instance's own connection (the one events and sign-in keys use).</summary>
internal sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // The connection fails commands at once while it is down (fail-fast backlog), so this does not wait for a reconnect.
        await redis.GetDatabase().PingAsync();
        return HealthCheckResult.Healthy();
    }
}
