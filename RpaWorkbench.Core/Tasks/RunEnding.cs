using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Dashboard;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Live;
using RpaWorkbench.Core.Time;

namespace RpaWorkbench.Core.Tasks;

/// <summary>
/// Ends a run on the Workbench's side (force-stop, time-out, lost robot): a log records the verdict and is added to the
/// dashboard's roll-ups, and the task and account end the run (<see cref="RobotTask.EndRun"/>, <see cref="Account.EndRun"/>).
/// Works on tracked entities; the caller saves and commits, in a transaction begun before the call (the roll-ups are
/// written at once, in it).
/// </summary>
internal static class RunEnding
{
    public static ExecutionLog End(WorkbenchDbContext db, RobotTask task, ExecutionStatus verdict, string message, DateTime now, OperatorTime time)
    {
        var account = task.Account!;
        var runId = task.CurrentRunId ?? throw new InvalidOperationException($"Task {task.Id} has no run in progress to end.");
        var start = task.RunStartedAt ?? now;
        // A force-stop owns the run's key (a ShadowBot job's callbacks are keyed by its jobUuid), so the robot's
        // late callback is a duplicate; other verdicts leave it free.
        var dedupKey = verdict != ExecutionStatus.Stopped ? RunKeys.ForVerdict(runId, verdict)
            : task.CurrentJobUuid is { } job ? RunKeys.ForShadowBotJob(job)
            : RunKeys.ForExecutionId(runId);
        var log = Record(db, new Verdict(runId, task.CurrentJobUuid, dedupKey, verdict, message, start), task, account, now, time);
        task.EndRun(runId, verdict, start, message, now);
        account.EndRun(verdict, task.AppName, now, now);
        return log;
    }

    /// <summary>
    /// Adds the log of a verdict on run <see cref="Verdict.RunId"/> of <paramref name="task"/> on <paramref name="account"/>
    /// and counts it in the dashboard's roll-ups; the task and account are left as they are.
    /// </summary>
    public static ExecutionLog Record(WorkbenchDbContext db, Verdict verdict, RobotTask task, Account account, DateTime now, OperatorTime time)
    {
        var log = new ExecutionLog
        {
            ExecutionId = verdict.RunId,
            DedupKey = verdict.DedupKey,
            ShadowBotJobUuid = verdict.JobUuid,
            Text = $"{task.AppName}: {ContractName.Of(verdict.Status)} - {verdict.Message}",
            AppName = task.AppName,
            ShadowBotAccount = account.ShadowBotAccount,
            HostIp = account.HostIp.Length == 0 ? null : account.HostIp,
            Status = verdict.Status,
            StartTime = verdict.StartedAt,
            EndTime = now,
            DurationSeconds = Math.Max(0, (now - verdict.StartedAt).TotalSeconds),
            ErrorMessage = verdict.Message,
            TaskId = task.Id,
            AccountId = account.Id,
            CreatedAt = now,
        };
        db.ExecutionLogs.Add(log);
        RollupWriter.Add(db, RollupBatch.Of([log], time));
        return log;
    }

    public static IReadOnlyList<WorkbenchEvent> Events(RobotTask task, ExecutionLog log) =>
        [new TaskChanged(task.Id), new AccountChanged(task.AccountId), new LogCreated(log.Id, log.ShadowBotAccount, log.AppName, log.Status)];

    /// <summary>The Workbench's word on how run <paramref name="RunId"/> (started at <paramref name="StartedAt"/>) ended, stored under <paramref name="DedupKey"/>.</summary>
    public sealed record Verdict(string RunId, string? JobUuid, string DedupKey, ExecutionStatus Status, string Message, DateTime StartedAt);
}
