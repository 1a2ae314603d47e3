using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Tasks;

namespace RpaWorkbench.Core.Dispatch;

/// <summary>What "free" means for a robot the queue may give a run to, in one place for the read and the claim.</summary>
internal static class DispatchRobots
{
    /// <summary>
    /// Not running (by its own reports or a claim), no task of its account in a run of its own (starting, running,
    /// queued at ShadowBot, stopping), and no queued run starting or running on it.
    /// </summary>
    public static IQueryable<Account> Free(this IQueryable<Account> accounts, WorkbenchDbContext db) =>
        accounts.Where(a => a.Status != AccountStatus.Running
            && !db.Tasks.Any(t => t.AccountId == a.Id && t.Status != RobotTaskStatus.Pending)
            && !db.DispatchRuns.Any(r => r.AccountId == a.Id && (r.State == DispatchRunState.Starting || r.State == DispatchRunState.Running)));

    /// <summary>Free, registered and online at <paramref name="onlineSince"/>: idle, the longest idle first (its last run ended first).</summary>
    public static Task<List<Account>> IdleAsync(WorkbenchDbContext db, DateTime onlineSince, CancellationToken cancellationToken) =>
        db.Accounts.AsNoTracking()
            .Where(a => !a.Unregistered && a.LastHeartbeatAt >= onlineSince)
            .Free(db)
            .OrderBy(a => a.EndTime ?? a.CreatedAt).ThenBy(a => a.Id)
            .ToListAsync(cancellationToken);
}
