using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Batches;
using RpaWorkbench.Core.Dispatch;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Core.Workflows;

namespace RpaWorkbench.Core.Alerts.Evaluation;

/// <summary>
/// A rule's scope as query filters over what each kind reads; every filter the rule sets must match. A run matches by
/// its own app, robot and task (the group: its robot is a member); a task by its app, its robot or group, itself; a
/// robot by being it, a member of the group, or the robot of a task of the app or the task; a queued run, batch or
/// workflow run through the task it runs (a workflow run: any of its steps' queued runs).
/// </summary>
internal static class RuleScope
{
    public static IQueryable<ExecutionLog> Logs(IQueryable<ExecutionLog> logs, AlertRule rule)
    {
        if (rule.AppName is { } app)
        {
            logs = logs.Where(l => l.AppName == app);
        }

        if (rule.AccountId is { } accountId)
        {
            logs = logs.Where(l => l.AccountId == accountId);
        }

        if (rule.GroupId is { } groupId)
        {
            logs = logs.Where(l => l.Account!.Groups.Any(g => g.Id == groupId));
        }

        if (rule.TaskId is { } taskId)
        {
            logs = logs.Where(l => l.TaskId == taskId);
        }

        return logs;
    }

    public static IQueryable<RobotTask> Tasks(IQueryable<RobotTask> tasks, AlertRule rule)
    {
        if (rule.AppName is { } app)
        {
            tasks = tasks.Where(t => t.AppName == app);
        }

        if (rule.AccountId is { } accountId)
        {
            tasks = tasks.Where(t => t.AccountId == accountId);
        }

        if (rule.GroupId is { } groupId)
        {
            tasks = tasks.Where(t => t.GroupId == groupId || t.Account!.Groups.Any(g => g.Id == groupId));
        }

        if (rule.TaskId is { } taskId)
        {
            tasks = tasks.Where(t => t.Id == taskId);
        }

        return tasks;
    }

    public static IQueryable<Account> Accounts(IQueryable<Account> accounts, AlertRule rule)
    {
        if (rule.AppName is { } app)
        {
            accounts = accounts.Where(a => a.Tasks.Any(t => t.AppName == app));
        }

        if (rule.AccountId is { } accountId)
        {
            accounts = accounts.Where(a => a.Id == accountId);
        }

        if (rule.GroupId is { } groupId)
        {
            accounts = accounts.Where(a => a.Groups.Any(g => g.Id == groupId));
        }

        if (rule.TaskId is { } taskId)
        {
            accounts = accounts.Where(a => a.Tasks.Any(t => t.Id == taskId));
        }

        return accounts;
    }

    public static IQueryable<DispatchRun> DispatchRuns(IQueryable<DispatchRun> runs, AlertRule rule)
    {
        if (rule.AppName is { } app)
        {
            runs = runs.Where(r => r.Task!.AppName == app);
        }

        if (rule.AccountId is { } accountId)
        {
            runs = runs.Where(r => r.TargetAccountId == accountId || r.AccountId == accountId);
        }

        if (rule.GroupId is { } groupId)
        {
            runs = runs.Where(r => r.TargetGroupId == groupId || r.Task!.GroupId == groupId || r.Task!.Account!.Groups.Any(g => g.Id == groupId));
        }

        if (rule.TaskId is { } taskId)
        {
            runs = runs.Where(r => r.TaskId == taskId);
        }

        return runs;
    }

    public static IQueryable<Batch> Batches(IQueryable<Batch> batches, IQueryable<RobotTask> tasks, AlertRule rule)
    {
        var inScope = Tasks(tasks, rule);
        return HasFilter(rule) ? batches.Where(b => inScope.Any(t => t.Id == b.TaskId)) : batches;
    }

    public static IQueryable<WorkflowRun> WorkflowRuns(IQueryable<WorkflowRun> workflowRuns, IQueryable<WorkflowStepRun> steps,
        IQueryable<DispatchRun> dispatchRuns, AlertRule rule)
    {
        var inScope = DispatchRuns(dispatchRuns, rule);
        return HasFilter(rule)
            ? workflowRuns.Where(w => steps.Any(s => s.RunId == w.Id && inScope.Any(d => d.Id == s.DispatchRunId)))
            : workflowRuns;
    }

    private static bool HasFilter(AlertRule rule) => rule.AppName is not null || rule.AccountId is not null || rule.GroupId is not null || rule.TaskId is not null;
}
