using System.Data.Common;

namespace RpaWorkbench.Core.Robots.Simulation;

/// <summary>
/// Every <see cref="SimulatedRobotOptions.HeartbeatInterval"/>, a heartbeat from each account that has a host, as if
/// every robot were a simulated one that is switched on — so demo robots show online. The first round goes at start.
/// </summary>
internal sealed class SimulatedHeartbeats(
    IDbContextFactory<WorkbenchDbContext> contexts,
    WorkbenchCallbackClient callbacks,
    IOptions<SimulatedRobotOptions> options,
    TimeProvider clock,
    ILogger<SimulatedHeartbeats> logger)
{
    public async Task RunAsync(CancellationToken shutdown)
    {
        var interval = options.Value.HeartbeatInterval;
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        try
        {
            using var timer = new PeriodicTimer(interval, clock);
            do
            {
                await SendRoundAsync(shutdown);
            }
            while (await timer.WaitForNextTickAsync(shutdown));
        }
        catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
        {
            // The Workbench is stopping.
        }
    }

    private async Task SendRoundAsync(CancellationToken shutdown)
    {
        List<HeartbeatBody> robots;
        try
        {
            await using var db = await contexts.CreateDbContextAsync(shutdown);
            robots = await db.Accounts.AsNoTracking()
                .Where(a => a.HostIp != "" && a.Port > 0)
                .OrderBy(a => a.Id)
                .Select(a => new HeartbeatBody(a.ShadowBotAccount, a.HostIp, a.Port))
                .ToListAsync(shutdown);
        }
        catch (DbException ex)
        {
            logger.LogWarning("The simulated robots skipped a round of heartbeats: the accounts could not be read ({Reason})", ex.Message);
            return;
        }

        foreach (var robot in robots)
        {
            await callbacks.PostAsync(WorkbenchCallbackClient.Heartbeat, robot, shutdown);
        }
    }
}
