using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace RpaWorkbench.Core.Data;

/// <summary>
/// Copies SQLite's write-ahead log into the database file every <see cref="DatabaseOptions.CheckpointInterval"/>,
/// off the request path. PASSIVE never blocks writers or readers; durability is unchanged (commits are already
/// fsynced to the WAL).
/// </summary>
internal sealed class WalCheckpointer(
    IDbContextFactory<WorkbenchDbContext> contexts,
    IOptions<DatabaseOptions> options,
    TimeProvider clock,
    ILogger<WalCheckpointer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CheckpointInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await CheckpointAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: SQLite checkpoints when the last connection closes.
        }
    }

    private async Task CheckpointAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(PASSIVE);", cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "WAL checkpoint failed; it is retried on the next tick");
        }
    }
}
