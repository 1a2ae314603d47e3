using Microsoft.EntityFrameworkCore;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Tasks;

namespace RpaWorkbench.Tests.Infrastructure;

/// <summary>The rows run tests read back after each step, untracked, through a fresh context.</summary>
public static class CoreTestHostReads
{
    public static Task<RobotTask> TaskAsync(this CoreTestHost host, long id) =>
        host.ReadAsync(db => db.Tasks.AsNoTracking().SingleAsync(t => t.Id == id, TestContext.Current.CancellationToken));

    /// <summary>The one account of the test's database.</summary>
    public static Task<Account> SingleAccountAsync(this CoreTestHost host) =>
        host.ReadAsync(db => db.Accounts.AsNoTracking().SingleAsync(TestContext.Current.CancellationToken));

    public static Task<List<ExecutionLog>> LogsAsync(this CoreTestHost host) =>
        host.ReadAsync(db => db.ExecutionLogs.AsNoTracking().ToListAsync(TestContext.Current.CancellationToken));
}
