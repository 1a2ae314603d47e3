using RpaWorkbench.Core.Dashboard;

namespace RpaWorkbench.Core.Data;

/// <summary>
/// Brings the database to the latest migration (the SQLite or the PostgreSQL set, whichever provider is configured),
/// switches SQLite to WAL (a persistent file setting) and makes sure the dashboard roll-up exists for the configured time zone.
/// </summary>
public sealed class DatabaseInitializer(IDbContextFactory<WorkbenchDbContext> contexts, DailyRollupRebuilder rollup, ILogger<DatabaseInitializer> logger)
{
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", cancellationToken);
        }

        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);
        if (pending.Count > 0)
        {
            logger.LogInformation("Applied {Count} database migration(s): {Migrations}", pending.Count, string.Join(", ", pending));
        }

        await rollup.EnsureCurrentAsync(cancellationToken);
    }
}
