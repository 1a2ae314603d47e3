using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Webhooks;

/// <summary>What the webhook tests set up and call: a registered robot with a task, a callback whose log is read back.</summary>
public static class WebhookCalls
{
    public const string RegisteredHost = "10.1.1.1";
    public const int RegisteredPort = 8080;

    /// <summary>Registers the account on <see cref="RegisteredHost"/>:<see cref="RegisteredPort"/> with one task for the app.</summary>
    public static Task<(long AccountId, long TaskId)> RegisterAsync(
        this WebhookAppFactory app, string account, string appName, RobotTaskStatus taskStatus, CancellationToken cancellationToken) =>
        app.QueryAsync(async db =>
        {
            var created = new Account
            {
                ShadowBotAccount = account, HostIp = RegisteredHost, Port = RegisteredPort,
                TaskControl = AccountRules.TaskControl(account, RegisteredHost, RegisteredPort),
            };
            var task = new RobotTask { TaskName = "daily", AppName = appName, Status = taskStatus, Account = created };
            db.Tasks.Add(task);
            await db.SaveChangesAsync(cancellationToken);
            return (created.Id, task.Id);
        });

    /// <summary>Adds another task for the account (e.g. a second one for the same app).</summary>
    public static Task<long> AddTaskAsync(
        this WebhookAppFactory app, long accountId, string appName, RobotTaskStatus taskStatus, CancellationToken cancellationToken) =>
        app.QueryAsync(async db =>
        {
            var task = new RobotTask { TaskName = $"{appName}-{taskStatus}", AppName = appName, Status = taskStatus, AccountId = accountId };
            db.Tasks.Add(task);
            await db.SaveChangesAsync(cancellationToken);
            return task.Id;
        });

    /// <summary>Posts an execution-complete that must be accepted and returns the log it stored.</summary>
    public static async Task<ExecutionLog> PostAndLoadAsync(this WebhookAppFactory app, object payload, CancellationToken cancellationToken)
    {
        var response = await app.PostAsync("execution-complete", payload, cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("id").GetInt64();
        return await app.QueryAsync(db => db.ExecutionLogs.AsNoTracking().SingleAsync(l => l.Id == id, cancellationToken));
    }
}
