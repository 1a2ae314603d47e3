using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Time;

namespace RpaWorkbench.Core.Dashboard;

/// <summary>Adds a log written through EF Core (the Workbench's own verdicts) to the roll-ups, in the same save.</summary>
internal static class DailyRollupEntries
{
    /// <summary>Call inside the transaction that saves the log: the rows are read and changed in place.</summary>
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

        AddFailure(db, log, time);
    }

    private static void AddFailure(WorkbenchDbContext db, ExecutionLog log, OperatorTime time)
    {
        var totals = FailureTotals.Of([log], time);
        foreach (var message in totals.Messages)
        {
            if (db.FailureMessages.Find(message.MessageHash) is null)
            {
                db.FailureMessages.Add(message);
            }
        }

        foreach (var failure in totals.Rows)
        {
            var row = db.FailureRollups.Find(failure.Day, failure.ShadowBotAccount, failure.AppName, failure.MessageHash);
            if (row is null)
            {
                db.FailureRollups.Add(failure);
            }
            else
            {
                row.Count += failure.Count;
            }
        }
    }
}
