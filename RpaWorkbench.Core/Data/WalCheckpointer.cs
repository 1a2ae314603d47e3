using Microsoft.Extensions.Hosting;

namespace RpaWorkbench.Core.Data;

/// <summary>
/// Copies SQLite's write-ahead log into the database file every <see cref="DatabaseOptions.CheckpointInterval"/>,
/// off the request path. PASSIVE never blocks writers or readers; durability is unchanged (commits are already
/// fsynced to the WAL). The ingest writer copies what was written meanwhile (<see cref="WalTail"/>), so the log can
/// start over even while callbacks never stop.
/// </summary>
internal sealed class WalCheckpointer(
    IDbContextFactory<WorkbenchDbContext> contexts,
    IOptions<DatabaseOptions> options,
    TimeProvider clock,
    WalTail tail,
    ILogger<WalCheckpointer> logger) : BackgroundService
{
    private const int MaxPasses = 4;
    private const long TailFrames = 512;

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
            await db.Database.OpenConnectionAsync(cancellationToken);
            using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
            // Frames written while a pass copied are copied by the next; the writer's share (WalTail) is kept small.
            for (var pass = 0; pass < MaxPasses; pass++)
            {
                await using var result = await command.ExecuteReaderAsync(cancellationToken);
                if (!await result.ReadAsync(cancellationToken) || result.GetInt64(1) - result.GetInt64(2) <= TailFrames)
                {
                    FlushDatabaseFile(db.Database.GetDbConnection().DataSource);
                    tail.Request();
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "WAL checkpoint failed; it is retried on the next tick");
        }
    }

    // SQLite flushes the database file only when a checkpoint reaches the end of the WAL, so the writer's share would
    // flush every page these passes copied: milliseconds on the writer's thread while callbacks wait. Flushed here
    // first, the writer's flush covers only the few pages it copies itself. An extra flush never loses anything.
    private static void FlushDatabaseFile(string path)
    {
        using var file = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        RandomAccess.FlushToDisk(file);
    }
}
