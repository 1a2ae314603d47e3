using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Time;

namespace RpaWorkbench.Core.Dashboard;

/// <summary>Adds a log written through EF Core (the Workbench's own verdicts) to the roll-up, in the same save.</summary>
internal static class DailyRollupEntries
{
    /// <summary>Call inside the transaction that saves the log: the row is read and changed in place.</summary>
    public static void Add(WorkbenchDbContext db, ExecutionLog log, OperatorTime time)
    {
        var run = RollupTotals.Of([log], time).Rows.Single();
        var row = db.DailyRollups.Find(run.Day, run.ShadowBotAccount, run.AppName);
        if (row is null)
        {
            db.DailyRollups.Add(run);
        }
        else
        {
            RollupTotals.Merge(row, run);
        }
    }
}
