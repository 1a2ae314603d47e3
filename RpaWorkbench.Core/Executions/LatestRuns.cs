using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Tasks;

namespace RpaWorkbench.Core.Executions;

/// <summary>
/// The newest generated run of each account (by end) and of each task (by start), written to the accounts and tasks as
/// the runs' callbacks and verdicts would have left them: the account's status, recent app and end time, its heartbeat
/// no older than its last report, the task's last run time and error. Accounts and tasks busy with a run now, or that
/// already know a newer run, are left alone.
/// </summary>
internal sealed class LatestRuns
{
    private readonly Dictionary<long, SeededLog> _byAccount = [];
    private readonly Dictionary<long, DateTime> _lastReport = [];
    private readonly Dictionary<long, SeededLog> _byTask = [];

    public void Add(SeededLog log)
    {
        var accountId = log.Runner.AccountId;
        if (!_byAccount.TryGetValue(accountId, out var latest) || log.End >= latest.End)
        {
            _byAccount[accountId] = log;
        }

        // Only a robot's own callback is a sign of life; the Workbench writes timed-out, lost and stopped runs itself.
        if (log.Status is ExecutionStatus.Completed or ExecutionStatus.Failed && log.CreatedAt > _lastReport.GetValueOrDefault(accountId))
        {
            _lastReport[accountId] = log.CreatedAt;
        }

        if (log.Runner.TaskId is { } taskId && (!_byTask.TryGetValue(taskId, out var newest) || log.Start >= newest.Start))
        {
            _byTask[taskId] = log;
        }
    }

    public async Task ApplyAsync(WorkbenchDbContext db, CancellationToken cancellationToken)
    {
        foreach (var (id, log) in _byAccount)
        {
            var status = Account.StatusAfter(log.Status);
            await db.Accounts
                .Where(a => a.Id == id && a.Status != AccountStatus.Running && (a.EndTime == null || a.EndTime <= log.End))
                .ExecuteUpdateAsync(set => set
                    .SetProperty(a => a.Status, status)
                    .SetProperty(a => a.RecentApp, log.Runner.App)
                    .SetProperty(a => a.EndTime, log.End), cancellationToken);
        }

        foreach (var (id, reported) in _lastReport)
        {
            await db.Accounts
                .Where(a => a.Id == id && (a.LastHeartbeatAt == null || a.LastHeartbeatAt < reported))
                .ExecuteUpdateAsync(set => set.SetProperty(a => a.LastHeartbeatAt, reported), cancellationToken);
        }

        foreach (var (id, log) in _byTask)
        {
            var error = log.Status == ExecutionStatus.Completed ? null : log.Error;
            await db.Tasks
                .Where(t => t.Id == id && t.Status == RobotTaskStatus.Pending && (t.LastRunTime == null || t.LastRunTime <= log.Start))
                .ExecuteUpdateAsync(set => set
                    .SetProperty(t => t.LastRunTime, log.Start)
                    .SetProperty(t => t.ErrorMessage, error), cancellationToken);
        }
    }
}
