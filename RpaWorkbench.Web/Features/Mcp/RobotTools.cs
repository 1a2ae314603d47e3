using System.ComponentModel;
using ModelContextProtocol.Server;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Tasks;

namespace RpaWorkbench.Web.Features.Mcp;

/// <summary>Robots and tasks: list them, start and stop a task (operator and admin keys).</summary>
[McpServerToolType]
internal sealed class RobotTools
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    [McpServerTool(Name = "list_robots", ReadOnly = true, UseStructuredContent = true)]
    [Description("Lists ShadowBot robot accounts (one robot login on one machine) with their status, whether they are online " +
                 "(a heartbeat within the offline threshold), the app they last ran and how many tasks they have. " +
                 "Returns the total number of matches and at most 'limit' robots, sorted by account name.")]
    public static async Task<RobotList> ListRobots(
        AccountService accounts,
        [Description("true: only robots sending heartbeats; false: only offline ones; omit for all.")] bool? online = null,
        [Description("The robot's last reported status: pending, running, completed or failed.")] string? status = null,
        [Description("Text to find in the account name or host address.")] string? search = null,
        [Description("How many robots to return, 1-200 (default 50).")] int limit = DefaultLimit,
        CancellationToken cancellationToken = default)
    {
        var arguments = new McpArguments();
        var query = new AccountQuery
        {
            Online = online,
            Status = arguments.Enum<AccountStatus>("status", status),
            Search = search,
            PageSize = arguments.InRange("limit", limit, 1, MaxLimit),
        };
        arguments.ThrowIfInvalid();

        var page = await accounts.ListAsync(query, cancellationToken);
        return new RobotList(page.TotalCount, [.. page.Items.Select(RobotItem.From)]);
    }

    [McpServerTool(Name = "list_tasks", ReadOnly = true, UseStructuredContent = true)]
    [Description("Lists tasks (an app that a robot account runs, on demand or on a schedule) with their run state: pending " +
                 "(idle), starting, running or stopping, the last run's id and outcome, and the next scheduled start. " +
                 "Returns the total number of matches and at most 'limit' tasks, sorted by task name. Use a task's id with start_task or stop_task.")]
    public static async Task<TaskList> ListTasks(
        TaskService tasks,
        [Description("Text to find in the task name, app name or robot account.")] string? search = null,
        [Description("The task's run state: pending, starting, running or stopping.")] string? status = null,
        [Description("How many tasks to return, 1-200 (default 50).")] int limit = DefaultLimit,
        CancellationToken cancellationToken = default)
    {
        var arguments = new McpArguments();
        var query = new TaskQuery
        {
            Search = search,
            Status = arguments.Enum<RobotTaskStatus>("status", status),
            PageSize = arguments.InRange("limit", limit, 1, MaxLimit),
        };
        arguments.ThrowIfInvalid();

        var page = await tasks.ListAsync(query, cancellationToken);
        return new TaskList(page.TotalCount, [.. page.Items.Select(TaskItem.From)]);
    }

    [McpServerTool(Name = "start_task", Destructive = false, Idempotent = false, UseStructuredContent = true)]
    [Description("Starts a pending task now: the Workbench asks the task's robot to run its app. Returns the task with its new " +
                 "state (running once the robot accepted). Refused when the task is not pending or its robot is busy with another task. " +
                 "Needs an operator or admin key.")]
    public static async Task<TaskItem> StartTask(
        TaskRunService runs,
        TaskService tasks,
        ICurrentUser user,
        [Description("The task's id (from list_tasks).")] long task_id,
        CancellationToken cancellationToken = default)
    {
        await RequireTaskAsync(tasks, user, "start_task", task_id, cancellationToken);
        await runs.StartAsync(task_id, cancellationToken);
        return await StateAsync(tasks, task_id, cancellationToken);
    }

    [McpServerTool(Name = "stop_task", Destructive = true, Idempotent = false, UseStructuredContent = true)]
    [Description("Stops a task's run. Without force, asks the robot to stop a running task; the task is 'stopping' until the " +
                 "robot reports the run's end. With force=true, ends the run on the Workbench at once (recorded as a 'stopped' " +
                 "run), whatever the robot does; use it for a task stuck in starting or stopping. Returns the task with its new state. " +
                 "Needs an operator or admin key.")]
    public static async Task<TaskItem> StopTask(
        TaskRunService runs,
        TaskService tasks,
        ICurrentUser user,
        [Description("The task's id (from list_tasks).")] long task_id,
        [Description("true: end the run on the Workbench at once instead of asking the robot (default false).")] bool force = false,
        CancellationToken cancellationToken = default)
    {
        await RequireTaskAsync(tasks, user, "stop_task", task_id, cancellationToken);
        if (force)
        {
            await runs.ForceStopAsync(task_id, cancellationToken);
        }
        else
        {
            await runs.StopAsync(task_id, cancellationToken);
        }

        return await StateAsync(tasks, task_id, cancellationToken);
    }

    // The role first, so a viewer learns why before anything about the task; then that the id names a task.
    private static async Task RequireTaskAsync(TaskService tasks, ICurrentUser user, string tool, long taskId, CancellationToken cancellationToken)
    {
        if (!user.CanOperate())
        {
            throw new AccessDeniedException(ErrorCodes.Forbidden, $"{tool} needs an operator or admin key; this key acts as {RoleOf(user)}.");
        }

        if (await tasks.GetAsync(taskId, cancellationToken) is null)
        {
            throw McpArguments.Refusal("task_id", ErrorCodes.NotFound, $"No task has id {taskId}; list_tasks shows the tasks and their ids.");
        }
    }

    private static async Task<TaskItem> StateAsync(TaskService tasks, long taskId, CancellationToken cancellationToken) =>
        TaskItem.From(await tasks.GetAsync(taskId, cancellationToken)
                      ?? throw new RuleViolationException(ErrorCodes.NotFound, $"Task {taskId} was deleted meanwhile."));

    private static string RoleOf(ICurrentUser user) =>
        user.IsInRole(Roles.Admin) ? "an admin" : user.IsInRole(Roles.Operator) ? "an operator" : "a viewer";
}
