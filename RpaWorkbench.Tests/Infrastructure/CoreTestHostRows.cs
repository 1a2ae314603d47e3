using Microsoft.EntityFrameworkCore;
using RpaWorkbench.Core.Groups;

namespace RpaWorkbench.Tests.Infrastructure;

/// <summary>Rows several test beds write straight through the DbContext, as the services would leave them.</summary>
public static class CoreTestHostRows
{
    /// <summary>A robot group with these accounts as members; returns its id.</summary>
    public static async Task<long> AddRobotGroupAsync(this CoreTestHost host, string name, params long[] accountIds)
    {
        var ct = TestContext.Current.CancellationToken;
        var now = host.Clock.GetUtcNow().UtcDateTime;
        await using var db = await host.CreateDbContextAsync();
        var group = new RobotGroup { Name = name, CreatedAt = now, UpdatedAt = now };
        foreach (var account in await db.Accounts.Where(a => accountIds.Contains(a.Id)).ToListAsync(ct))
        {
            group.Accounts.Add(account);
        }

        db.RobotGroups.Add(group);
        await db.SaveChangesAsync(ct);
        return group.Id;
    }
}
