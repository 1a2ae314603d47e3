namespace RpaWorkbench.Core.Accounts;

internal static class AccountRunning
{
    /// <summary>The robot now runs <paramref name="appName"/>: an accepted start, or a queued ShadowBot job a robot took.</summary>
    public static Task<int> MarkRunningAsync(this DbSet<Account> accounts, long accountId, string appName, DateTime now, CancellationToken cancellationToken) =>
        accounts.Where(a => a.Id == accountId)
            .ExecuteUpdateAsync(set => set
                .SetProperty(a => a.Status, AccountStatus.Running)
                .SetProperty(a => a.RecentApp, appName)
                .SetProperty(a => a.UpdatedAt, now), cancellationToken);
}
