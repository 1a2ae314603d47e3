using Microsoft.Extensions.Hosting;

namespace RpaWorkbench.Core.Users.Sessions;

/// <summary>
/// Deletes expired sessions once an hour (and at start-up). They are refused as soon as they expire; this only keeps the
/// table from growing with the browsers people closed without signing out. Every instance runs it; the deletes agree.
/// </summary>
internal sealed class SessionCleanup(UserSessionStore sessions, TimeProvider clock, ILogger<SessionCleanup> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    /// <summary>One pass: deletes the sessions that have expired; returns how many.</summary>
    public async Task<int> RemoveExpiredAsync(CancellationToken cancellationToken)
    {
        var removed = await sessions.RemoveExpiredAsync(cancellationToken);
        if (removed > 0)
        {
            logger.LogInformation("Removed {Count} expired sign-in session(s)", removed);
        }

        return removed;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicPasses.RunAsync(Interval, clock, logger, "expired session clean-up", RemoveExpiredAsync, stoppingToken);
}
