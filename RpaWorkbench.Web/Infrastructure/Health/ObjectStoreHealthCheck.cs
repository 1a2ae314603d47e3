using Microsoft.Extensions.Diagnostics.HealthChecks;
using RpaWorkbench.Core.Storage;

namespace RpaWorkbench.Web.Infrastructure.Health;

/// <summary>
/// The S3 bucket answers: asking for a key that is never written costs one HEAD request, and a missing bucket, refused
/// credentials or an unreachable endpoint throw (<see cref="ObjectStoreUnavailableException"/>).
/// </summary>
internal sealed class ObjectStoreHealthCheck(IObjectStore store) : IHealthCheck
{
    private const string ProbeKey = "health/probe.txt";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await store.ExistsAsync(ProbeKey, cancellationToken);
        return HealthCheckResult.Healthy();
    }
}
