namespace RpaWorkbench.Core.Common;

/// <summary>The loop of a background service that works in passes: one pass now, then one every interval.</summary>
internal static class PeriodicPasses
{
    /// <summary>
    /// Runs <paramref name="pass"/> at once and then on every tick of <paramref name="clock"/> (so a fake clock drives
    /// it) until <paramref name="stoppingToken"/> is cancelled. A failed pass is logged as a warning and the next tick
    /// tries again; a pass that overruns the interval delays the next one rather than overlapping it.
    /// </summary>
    public static async Task RunAsync(TimeSpan interval, TimeProvider clock, ILogger logger, string what,
        Func<CancellationToken, Task> pass, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, clock);
        try
        {
            do
            {
                try
                {
                    await pass(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "The {What} failed; it tries again in {Interval}", what, interval);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down; the next start runs a pass at once.
        }
    }
}
