using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Redis;
using RpaWorkbench.Core.Storage;

namespace RpaWorkbench.Web.Infrastructure.Health;

/// <summary>
/// <c>/healthz</c> (the database answers; unchanged since the first release), <c>/healthz/live</c> (the process answers,
/// no dependency is asked) and <c>/healthz/ready</c> (database reachable and migrated, Redis and the S3 bucket when
/// configured), all anonymous. See docs/operations.md "Health checks".
/// </summary>
public static class WorkbenchHealthChecks
{
    public const string ReadyTag = "ready";
    public const string DatabaseCheck = "database";
    public const string MigrationsCheck = "migrations";
    public const string RedisCheck = "redis";
    public const string ObjectStoreCheck = "object-store";

    // A dependency that hangs must not hang the load balancer's probe: the check fails instead.
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The checks; Redis and the object store only when this instance uses them.</summary>
    public static void AddWorkbenchHealthChecks(this IHostApplicationBuilder builder)
    {
        var checks = builder.Services.AddHealthChecks()
            // A real query, not just "can open": SQLite would happily open (and create) an empty file.
            .AddDbContextCheck<WorkbenchDbContext>(DatabaseCheck, tags: [ReadyTag],
                customTestQuery: async (db, ct) =>
                {
                    await db.Accounts.AnyAsync(ct);
                    return true;
                })
            .AddCheck<MigrationsHealthCheck>(MigrationsCheck, tags: [ReadyTag], timeout: CheckTimeout);
        if (RedisOptions.ConnectionString(builder.Configuration) is not null)
        {
            checks.AddCheck<RedisHealthCheck>(RedisCheck, tags: [ReadyTag], timeout: CheckTimeout);
        }

        if (string.Equals(builder.Configuration[$"{StorageOptions.SectionName}:{nameof(StorageOptions.Provider)}"], nameof(StorageProvider.S3),
                StringComparison.OrdinalIgnoreCase))
        {
            checks.AddCheck<ObjectStoreHealthCheck>(ObjectStoreCheck, tags: [ReadyTag], timeout: CheckTimeout);
        }
    }

    public static void MapWorkbenchHealthChecks(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = check => check.Name == DatabaseCheck }).AllowAnonymous();
        app.MapHealthChecks("/healthz/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthResponseWriter.WriteAsync })
            .AllowAnonymous();
        app.MapHealthChecks("/healthz/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = HealthResponseWriter.WriteAsync,
        }).AllowAnonymous();
    }
}
