using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Dashboard;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Live;
using RpaWorkbench.Core.Time;

namespace RpaWorkbench.Core.Tasks;

/// <summary>
/// Ends a run on the Workbench's side (force-stop, time-out, lost robot): the task goes back to pending, the account
/// is marked, and a log records the verdict (and is added to the dashboard's roll-up). Works on tracked entities; the
/// caller saves and commits, in a transaction begun before the call (the roll-up row is read and written back).
/// </summary>
internal static class RunEnding
{
    public static ExecutionLog End(WorkbenchDbContext db, RobotTask task, ExecutionStatus verdict, string message, DateTime now, OperatorTime time)
    {
        var account = task.Account!;
        var runId = task.CurrentRunId!;
        var start = task.RunStartedAt ?? now;
        var log = new ExecutionLog
        {
            ExecutionId = runId,
            // A force-stop owns the run's key, so the robot's late callback is a duplicate; other verdicts leave it free.
            DedupKey = verdict == ExecutionStatus.Stopped ? RunKeys.ForExecutionId(runId) : RunKeys.ForVerdict(runId, verdict),
            Text = $"{task.AppName}: {ContractName.Of(verdict)} - {message}",
            AppName = task.AppName,
            ShadowBotAccount = account.ShadowBotAccount,
            HostIp = account.HostIp.Length == 0 ? null : account.HostIp,
            Status = verdict,
            StartTime = start,
            EndTime = now,
            DurationSeconds = Math.Max(0, (now - start).TotalSeconds),
            ErrorMessage = message,
            TaskId = task.Id,
            AccountId = account.Id,
            CreatedAt = now,
        };
        db.ExecutionLogs.Add(log);
        DailyRollupEntries.Add(db, log, time);

        task.Status = RobotTaskStatus.Pending;
        task.CurrentRunId = null;
        task.LastRunTime = start;
        task.ErrorMessage = message;
        task.UpdatedAt = now;

        // Stopped on purpose: the robot is idle. Timed out or lost: the run failed as far as anyone knows.
        account.Status = verdict == ExecutionStatus.Stopped ? AccountStatus.Pending : AccountStatus.Failed;
        account.EndTime = now;
        account.UpdatedAt = now;
        return log;
    }

    public static IReadOnlyList<WorkbenchEvent> Events(RobotTask task, ExecutionLog log) =>
        [new TaskChanged(task.Id), new AccountChanged(task.AccountId), new LogCreated(log.Id, log.ShadowBotAccount, log.AppName, log.Status)];
}
