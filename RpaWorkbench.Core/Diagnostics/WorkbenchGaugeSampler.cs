using Microsoft.Extensions.Hosting;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Batches;
using RpaWorkbench.Core.Dispatch;
using RpaWorkbench.Core.Workflows;

namespace RpaWorkbench.Core.Diagnostics;

/// <summary>
/// Reads the figures of the database gauges (<see cref="WorkbenchGaugeReading"/>) every <see cref="Interval"/>, a
/// handful of counts over indexed columns, so the gauges are never older than that and a scrape costs no query.
/// Runs only while telemetry is on.
/// </summary>
public sealed class WorkbenchGaugeSampler(
    IDbContextFactory<WorkbenchDbContext> contexts,
    WorkbenchMetrics metrics,
    IOptions<AccountOptions> accounts,
    TimeProvider clock,
    ILogger<WorkbenchGaugeSampler> logger) : BackgroundService
{
    /// <summary>As often as Prometheus scrapes by default.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicPasses.RunAsync(Interval, clock, logger, "metrics gauge reading", async token => metrics.Read(await ReadAsync(token)), stoppingToken);

    /// <summary>Reads the gauges' figures now.</summary>
    public async Task<WorkbenchGaugeReading> ReadAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var onlineSince = accounts.Value.OnlineSince(now);
        var robots = await db.Accounts.Where(a => !a.Unregistered)
            .GroupBy(a => a.LastHeartbeatAt != null && a.LastHeartbeatAt >= onlineSince).Select(g => new { Online = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Online, g => g.Count, cancellationToken);
        var queue = await db.DispatchRuns.Where(r => r.State == DispatchRunState.Waiting)
            .GroupBy(_ => 1).Select(g => new { Depth = g.Count(), Oldest = g.Min(r => (DateTime?)r.EnqueuedAt) })
            .SingleOrDefaultAsync(cancellationToken);

        var items = await db.BatchItems
            .Where(i => i.Batch!.State == BatchState.Running || i.Batch!.State == BatchState.Paused)
            .GroupBy(i => i.State).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var steps = await db.WorkflowStepRuns
            .Where(s => s.Run!.State == WorkflowRunState.Running || s.Run!.State == WorkflowRunState.Paused)
            .GroupBy(s => s.State).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);

        var oldestWait = queue?.Oldest is { } enqueuedAt && enqueuedAt < now ? now - enqueuedAt : TimeSpan.Zero;
        return new WorkbenchGaugeReading(now, robots.GetValueOrDefault(true), robots.GetValueOrDefault(false), queue?.Depth ?? 0, oldestWait, items, steps);
    }
}
