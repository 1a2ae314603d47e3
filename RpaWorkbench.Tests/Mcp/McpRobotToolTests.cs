using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Core.Users;
using RpaWorkbench.Tests.Infrastructure;
using RpaWorkbench.Tests.Webhooks;

namespace RpaWorkbench.Tests.Mcp;

/// <summary>
/// list_robots, list_tasks, start_task and stop_task through the SDK's client: starts and stops reach the (recording)
/// robot agent over HTTP, viewer keys are refused with a message that says why, and bad arguments are tool errors.
/// </summary>
public sealed class McpRobotToolTests(McpHost host) : IClassFixture<McpHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ListRobots_SearchAndFilters_ReturnsMatchingRobotsWithTotal()
    {
        var robot = WebhookPayloads.NewAccount();
        var (accountId, _) = await host.AddRobotAsync(robot);
        await host.PostRunAsync(robot, "failed", "元素未找到：登录按钮");
        await using var client = await host.ConnectAsync(ApiKeyScopes.Viewer);

        var found = await McpHost.CallAsync(client, "list_robots", new() { ["search"] = robot });
        // The run's callback counts as the robot's heartbeat: it is online.
        var failed = await McpHost.CallAsync(client, "list_robots", new() { ["search"] = robot, ["status"] = "failed", ["online"] = true });
        var offline = await McpHost.CallAsync(client, "list_robots", new() { ["search"] = robot, ["online"] = false });
        var completed = await McpHost.CallAsync(client, "list_robots", new() { ["search"] = robot, ["status"] = "completed" });

        Assert.Equal(1, found.GetProperty("total").GetInt32());
        var item = Assert.Single(found.GetProperty("robots").EnumerateArray().ToList());
        Assert.Equal(accountId, item.GetProperty("id").GetInt64());
        Assert.Equal(robot, item.GetProperty("shadow_bot_account").GetString());
        Assert.Equal("127.0.0.1", item.GetProperty("host_ip").GetString());
        Assert.Equal(host.Agent.Port, item.GetProperty("port").GetInt32());
        Assert.Equal("failed", item.GetProperty("status").GetString());
        Assert.Equal("云仓收藏", item.GetProperty("recent_app").GetString());
        // The run's end, 2026-01-27 10:30 in Asia/Shanghai.
        Assert.Equal("2026-01-27T02:30:00Z", item.GetProperty("end_time").GetString());
        Assert.True(item.GetProperty("online").GetBoolean());
        Assert.Equal(1, item.GetProperty("task_count").GetInt32());
        Assert.Equal(1, failed.GetProperty("total").GetInt32());
        Assert.Equal(0, offline.GetProperty("total").GetInt32());
        Assert.Equal(0, completed.GetProperty("total").GetInt32());
        Assert.Empty(completed.GetProperty("robots").EnumerateArray());
    }

    [Fact]
    public async Task ListRobots_LimitBoundsTheListButNotTheTotal()
    {
        var prefix = WebhookPayloads.NewAccount();
        foreach (var n in Enumerable.Range(1, 3))
        {
            await host.AddRobotAsync($"{prefix}-{n}");
        }

        await using var client = await host.ConnectAsync(ApiKeyScopes.Viewer);

        var page = await McpHost.CallAsync(client, "list_robots", new() { ["search"] = prefix, ["limit"] = 2 });

        Assert.Equal(3, page.GetProperty("total").GetInt32());
        Assert.Equal([$"{prefix}-1", $"{prefix}-2"], page.GetProperty("robots").EnumerateArray().Select(r => r.GetProperty("shadow_bot_account").GetString()));
    }

    [Fact]
    public async Task ListTasks_Search_ReturnsTheTaskWithItsRunState()
    {
        var robot = WebhookPayloads.NewAccount();
        var (accountId, taskId) = await host.AddRobotAsync(robot, app: "财务日报", taskName: "日报汇总");
        await using var client = await host.ConnectAsync(ApiKeyScopes.Viewer);

        var found = await McpHost.CallAsync(client, "list_tasks", new() { ["search"] = robot, ["status"] = "pending" });
        var running = await McpHost.CallAsync(client, "list_tasks", new() { ["search"] = robot, ["status"] = "running" });

        Assert.Equal(1, found.GetProperty("total").GetInt32());
        var task = Assert.Single(found.GetProperty("tasks").EnumerateArray().ToList());
        Assert.Equal(taskId, task.GetProperty("id").GetInt64());
        Assert.Equal("日报汇总", task.GetProperty("task_name").GetString());
        Assert.Equal("财务日报", task.GetProperty("app_name").GetString());
        Assert.Equal(accountId, task.GetProperty("account_id").GetInt64());
        Assert.Equal(robot, task.GetProperty("shadow_bot_account").GetString());
        Assert.Equal("pending", task.GetProperty("status").GetString());
        Assert.False(task.TryGetProperty("config_json", out _));
        Assert.Equal(0, running.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task StartTask_OperatorKey_TheRobotIsAskedAndTheTaskRuns()
    {
        var robot = WebhookPayloads.NewAccount();
        var (_, taskId) = await host.AddRobotAsync(robot);
        await using var client = await host.ConnectAsync(ApiKeyScopes.Operator);

        var started = await McpHost.CallAsync(client, "start_task", new() { ["task_id"] = taskId });

        Assert.Equal(taskId, started.GetProperty("id").GetInt64());
        Assert.Equal("running", started.GetProperty("status").GetString());
        using var sent = JsonDocument.Parse(host.Agent.Requests.Single(r => r.Body.Contains(robot, StringComparison.Ordinal)).Body);
        Assert.Equal(taskId, sent.RootElement.GetProperty("task_id").GetInt64());
        Assert.Equal("云仓收藏", sent.RootElement.GetProperty("app_name").GetString());
    }

    [Fact]
    public async Task StopTask_RunningTask_StoppingThenForceStoppedToPending()
    {
        var robot = WebhookPayloads.NewAccount();
        var (_, taskId) = await host.AddRobotAsync(robot);
        await using var client = await host.ConnectAsync(ApiKeyScopes.Admin);
        await McpHost.CallAsync(client, "start_task", new() { ["task_id"] = taskId });

        var stopping = await McpHost.CallAsync(client, "stop_task", new() { ["task_id"] = taskId });
        var forced = await McpHost.CallAsync(client, "stop_task", new() { ["task_id"] = taskId, ["force"] = true });

        Assert.Equal("stopping", stopping.GetProperty("status").GetString());
        Assert.Equal("pending", forced.GetProperty("status").GetString());
        Assert.Equal("stopped", forced.GetProperty("last_outcome").GetString());
        var runs = await McpHost.CallAsync(client, "search_runs", new() { ["account"] = robot });
        Assert.Equal(forced.GetProperty("last_run_id").GetInt64(), Assert.Single(runs.GetProperty("runs").EnumerateArray().ToList()).GetProperty("id").GetInt64());
    }

    [Theory]
    [InlineData("start_task")]
    [InlineData("stop_task")]
    public async Task OperatorTool_ViewerKey_RefusedSayingWhyAndNothingHappens(string tool)
    {
        var robot = WebhookPayloads.NewAccount();
        var (_, taskId) = await host.AddRobotAsync(robot);
        await using var client = await host.ConnectAsync(ApiKeyScopes.Viewer);

        var message = await McpHost.RefusedAsync(client, tool, new() { ["task_id"] = taskId });

        Assert.Equal($"{tool} needs an operator or admin key; this key acts as a viewer.", message);
        Assert.DoesNotContain(host.Agent.Requests, r => r.Body.Contains(robot, StringComparison.Ordinal));
        var task = await McpHost.CallAsync(client, "list_tasks", new() { ["search"] = robot });
        Assert.Equal("pending", task.GetProperty("tasks")[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task StartTask_OperatorKeyOfAnOwnerDemotedToViewer_RefusedAsAViewer()
    {
        var (_, taskId) = await host.AddRobotAsync(WebhookPayloads.NewAccount());
        var owner = "mcp-owner-" + Guid.NewGuid().ToString("N")[..8];
        await host.App.AddUserAsync(owner, "mcp owner pass phrase", Roles.Operator);
        await using var scope = host.App.Services.CreateAsyncScope();
        var key = await WorkbenchAppFactory.AsAdmin<ApiKeyService>(scope).CreateAsync(new NewApiKey("assistant", ApiKeyScopes.Operator, Owner: owner), Ct);
        var ownerId = (await scope.ServiceProvider.GetRequiredService<UserManager<WorkbenchUser>>().FindByNameAsync(owner))!.Id;
        await WorkbenchAppFactory.AsAdmin<UserService>(scope).ChangeRoleAsync(ownerId, Roles.Viewer, Ct);
        await using var client = await host.ConnectWithAsync(new() { ["X-Api-Key"] = key.Secret });

        var message = await McpHost.RefusedAsync(client, "start_task", new() { ["task_id"] = taskId });

        Assert.Equal("start_task needs an operator or admin key; this key acts as a viewer.", message);
    }

    [Fact]
    public async Task StartTask_UnknownTaskId_ToolErrorNamingTheArgument()
    {
        await using var client = await host.ConnectAsync(ApiKeyScopes.Operator);

        var message = await McpHost.RefusedAsync(client, "start_task", new() { ["task_id"] = 987654321 });

        Assert.Equal("Invalid arguments: task_id: No task has id 987654321; list_tasks shows the tasks and their ids.", message);
    }

    [Fact]
    public async Task StopTask_PendingTask_ToolErrorWithTheRule()
    {
        var (_, taskId) = await host.AddRobotAsync(WebhookPayloads.NewAccount());
        await using var client = await host.ConnectAsync(ApiKeyScopes.Operator);

        var message = await McpHost.RefusedAsync(client, "stop_task", new() { ["task_id"] = taskId });

        Assert.Equal("Only a running or queued task can be stopped; this one is pending. (TaskNotRunning)", message);
    }

    [Fact]
    public async Task StartTask_TaskIdNotANumber_ToolErrorNotACrash()
    {
        await using var client = await host.ConnectAsync(ApiKeyScopes.Operator);

        var message = await McpHost.RefusedAsync(client, "start_task", new() { ["task_id"] = "seven" });

        Assert.Equal("Invalid arguments: task_id: Must be integer; was \"seven\".", message);
    }

    [Theory]
    [InlineData("limit", 0, "limit: Must be between 1 and 200; was 0.")]
    [InlineData("limit", 1000, "limit: Must be between 1 and 200; was 1000.")]
    [InlineData("status", "asleep", "status: 'asleep' is not one of pending, running, completed, failed.")]
    public async Task ListRobots_BadArgument_ToolErrorNamingIt(string name, object value, string expected)
    {
        await using var client = await host.ConnectAsync(ApiKeyScopes.Viewer);

        var message = await McpHost.RefusedAsync(client, "list_robots", new() { [name] = value });

        Assert.Equal("Invalid arguments: " + expected, message);
    }
}
