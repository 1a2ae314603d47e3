using Microsoft.Extensions.Hosting;

namespace RpaWorkbench.Core.Executions.Retention;

/// <summary>What one retention sweep did.</summary>
internal sealed record RetentionSweep(int Deleted, int Batches);

/// <summary>
/// Deletes execution logs that started more than <see cref="LogRetentionOptions.RetentionDays"/> ago, every
/// <see cref="LogRetentionOptions.RetentionInterval"/>; off unless the days are set. Small batches, each its own
/// transaction with a pause after it: the webhook ingest waits at most one batch for SQLite's write lock.
/// </summary>
internal sealed class LogRetention(
    IDbContextFactory<WorkbenchDbContext> contexts,
    IOptions<LogRetentionOptions> options,
    TimeProvider clock,
    ILogger<LogRetention> logger) : BackgroundService
{
    /// <summary>Deletes every log older than the retention window, batch by batch; nothing when retention is off.</summary>
    public async Task<RetentionSweep> SweepAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.RetentionDays is not { } days)
        {
            return new RetentionSweep(0, 0);
        }

        var cutoff = clock.GetUtcNow().UtcDateTime.AddDays(-days);
        var (deleted, batches) = (0, 0);
        while (true)
        {
            var batch = await DeleteBatchAsync(cutoff, settings.RetentionBatchSize, cancellationToken);
            deleted += batch;
            batches++;
            if (batch < settings.RetentionBatchSize)
            {
                break;
            }

            await Task.Delay(settings.RetentionPause, clock, cancellationToken);
        }

        if (deleted > 0)
        {
            logger.LogInformation("Log retention deleted {Count} execution logs that started before {Cutoff:yyyy-MM-dd HH:mm:ss} UTC ({Days} days)",
                deleted, cutoff, days);
        }

        return new RetentionSweep(deleted, batches);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.RetentionDays is null)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.RetentionInterval, clock);
        try
        {
            do
            {
                await SweepSafelyAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down; the next start sweeps again.
        }
    }

    // Oldest first, through the start-time index.
    private async Task<int> DeleteBatchAsync(DateTime cutoff, int size, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.ExecutionLogs.Where(l => l.StartTime < cutoff).OrderBy(l => l.StartTime).Take(size).ExecuteDeleteAsync(cancellationToken);
    }

    private async Task SweepSafelyAsync(CancellationToken stoppingToken)
    {
        try
        {
            await SweepAsync(stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Log retention failed; it tries again in {Interval}", options.Value.RetentionInterval);
        }
    }
}
