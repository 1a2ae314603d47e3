using System.Threading.Channels;

namespace RpaWorkbench.Core.Live;

/// <summary>How a service that works in passes runs: whether at all, how often, how long a burst of events is gathered, and its name in the log.</summary>
public sealed record PassLoopSettings(string Name, string EnabledSetting, bool Enabled, TimeSpan PollInterval, TimeSpan WakeDebounce);

/// <summary>
/// The loop of a background service that works in passes (the dispatcher, the workflow engine): one pass at start,
/// one every poll interval, and one soon after a live event it cares about — a burst within the debounce makes one
/// pass. A failed pass is logged and the next one tries again.
/// </summary>
internal static class PassLoop
{
    public static async Task RunAsync(PassLoopSettings settings, Func<CancellationToken, Task> pass, Func<WorkbenchEvent, bool> wakesOn,
        IWorkbenchEvents events, TimeProvider clock, ILogger logger, CancellationToken stoppingToken)
    {
        if (!settings.Enabled)
        {
            logger.LogInformation("The {Name} is off ({Setting}); this process leaves its work to another instance", settings.Name, settings.EnabledSetting);
            return;
        }

        var wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

        // Subscribed before the first pass, so nothing that happens meanwhile waits for the next tick.
        using var subscription = events.Subscribe(batch =>
        {
            if (batch.Any(wakesOn))
            {
                wake.Writer.TryWrite(true);
            }

            return Task.CompletedTask;
        });
        Task<bool>? tick = null;
        Task<bool>? woken = null;
        try
        {
            await PassLoggingFailuresAsync(settings, pass, logger, stoppingToken);
            using var timer = new PeriodicTimer(settings.PollInterval, clock);
            while (true)
            {
                tick ??= timer.WaitForNextTickAsync(stoppingToken).AsTask();
                woken ??= wake.Reader.WaitToReadAsync(stoppingToken).AsTask();
                if (await Task.WhenAny(tick, woken) == tick)
                {
                    tick = null;
                    await PassLoggingFailuresAsync(settings, pass, logger, stoppingToken);
                    continue;
                }

                woken = null;
                if (settings.WakeDebounce > TimeSpan.Zero)
                {
                    // Wall-clock time on purpose: it spreads out load, it is no business deadline to move with the clock.
                    await Task.Delay(settings.WakeDebounce, stoppingToken);
                }

                // Events during the wait are served by the coming pass.
                wake.Reader.TryRead(out _);
                await PassLoggingFailuresAsync(settings, pass, logger, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: what a pass claimed is recovered by the next start (each service says how).
        }
    }

    private static async Task PassLoggingFailuresAsync(PassLoopSettings settings, Func<CancellationToken, Task> pass, ILogger logger, CancellationToken stoppingToken)
    {
        try
        {
            await pass(stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "A {Name} pass failed; the next one tries again", settings.Name);
        }
    }
}
