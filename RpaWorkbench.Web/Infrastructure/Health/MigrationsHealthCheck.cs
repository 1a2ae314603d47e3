using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RpaWorkbench.Core.Data;

namespace RpaWorkbench.Web.Infrastructure.Health;

/// <summary>
/// Unhealthy while the database lacks a migration this build expects: an instance started against a database another
/// (older) instance has not upgraded yet, or a database that was replaced, would fail on its first query.
/// </summary>
internal sealed class MigrationsHealthCheck(IDbContextFactory<WorkbenchDbContext> databases) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Count();
        return pending == 0
            ? HealthCheckResult.Healthy()
            : new HealthCheckResult(context.Registration.FailureStatus, $"{pending} migration(s) not applied");
    }
}
