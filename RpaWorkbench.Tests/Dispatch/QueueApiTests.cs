using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Core.Audit;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Tests.Infrastructure;
using RpaWorkbench.Tests.Webhooks;
using static RpaWorkbench.Tests.Infrastructure.RestCalls;

namespace RpaWorkbench.Tests.Dispatch;

/// <summary><c>/api/v1/queue</c> over real HTTP on a real SQLite file, as docs/api-rest-queue.md promises.</summary>
public sealed class QueueApiTests(WebhookAppFactory app) : IClassFixture<WebhookAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task List_WaitingRun_ThenCancel_ThenCancelAgainIsAConflict()
    {
        var operatorClient = await app.KeyClientAsync(ApiKeyScopes.Operator);
        var (taskId, runId) = await QueueRunAsync(operatorClient);
        var viewer = await app.KeyClientAsync(ApiKeyScopes.Viewer);

        var page = await GetJsonAsync(viewer, "/api/v1/queue?state=waiting&page_size=500");
        var item = page["items"]!.AsArray().Single(i => (long)i!["task_id"]! == taskId)!;
        Assert.Equal(("waiting", "normal", 1), ((string?)item["state"], (string?)item["priority"], (int)item["attempt"]!));
        Assert.StartsWith("财务组API-", (string?)item["target_group_name"], StringComparison.Ordinal);
        Assert.Equal(runId, (string?)item["run_id"]);
        var id = (long)item["id"]!;

        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(viewer, HttpMethod.Post, $"/api/v1/queue/{id}/cancel")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(operatorClient, HttpMethod.Post, $"/api/v1/queue/{id}/cancel")).StatusCode);

        var again = await SendAsync(operatorClient, HttpMethod.Post, $"/api/v1/queue/{id}/cancel");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("RunNotWaiting", (string?)(await JsonAsync(again, HttpStatusCode.Conflict))["code"]);
        var cancelled = await GetJsonAsync(viewer, "/api/v1/queue?state=cancelled&page_size=500");
        Assert.Contains(cancelled["items"]!.AsArray(), i => (long)i!["id"]! == id);
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<WorkbenchDbContext>>().CreateDbContextAsync(Ct);
        var audited = await db.AuditEntries.AsNoTracking().Where(e => e.Action == AuditActions.QueuedRunCancelled).Select(e => e.TargetId).ToListAsync(Ct);
        Assert.Contains(taskId.ToString(System.Globalization.CultureInfo.InvariantCulture), audited);
    }

    [Fact]
    public async Task Cancel_UnknownRun_404_UnknownState_422()
    {
        var client = await app.KeyClientAsync(ApiKeyScopes.Operator);

        await ProblemFieldsAsync(await SendAsync(client, HttpMethod.Post, "/api/v1/queue/987654321/cancel"), HttpStatusCode.NotFound);
        var fields = await ProblemFieldsAsync(await client.GetAsync("/api/v1/queue?state=paused", Ct), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("state", fields);
    }

    [Fact]
    public async Task Task_WithUnknownGroup_422OnGroupId_WithAGroup_StartQueuesARun()
    {
        var client = await app.KeyClientAsync(ApiKeyScopes.Operator);
        var account = await AccountAsync(client);
        var refused = await SendAsync(client, HttpMethod.Post, "/api/v1/tasks",
            $$"""{ "task_name": "分组任务", "account_id": {{account}}, "app_name": "财务日报", "group_id": 987654321 }""");
        Assert.Contains("group_id", await ProblemFieldsAsync(refused, HttpStatusCode.UnprocessableEntity));

        var (taskId, _) = await QueueRunAsync(client);
        var task = await GetJsonAsync(client, $"/api/v1/tasks/{taskId}");
        Assert.Equal("pending", (string?)task["status"]);
        Assert.StartsWith("财务组API-", (string?)task["group_name"], StringComparison.Ordinal);
    }

    // A task that targets a new group, started once through REST: its run waits in the queue.
    private async Task<(long TaskId, string RunId)> QueueRunAsync(HttpClient client)
    {
        var account = await AccountAsync(client);
        var group = await JsonAsync(await SendAsync(client, HttpMethod.Post, "/api/v1/groups",
            $$"""{ "name": "财务组API-{{Guid.NewGuid():N}}", "account_ids": [{{account}}] }"""), HttpStatusCode.Created);
        var groupId = (long)group["id"]!;

        var created = await JsonAsync(await SendAsync(client, HttpMethod.Post, "/api/v1/tasks",
            $$"""{ "task_name": "分组任务", "account_id": {{account}}, "app_name": "财务日报", "group_id": {{groupId}} }"""), HttpStatusCode.Created);
        var taskId = (long)created["id"]!;
        Assert.Equal(groupId, (long)created["group_id"]!);
        await JsonAsync(await SendAsync(client, HttpMethod.Post, $"/api/v1/tasks/{taskId}/start"), HttpStatusCode.OK);
        await using var read = await app.Services.GetRequiredService<IDbContextFactory<WorkbenchDbContext>>().CreateDbContextAsync(Ct);
        var run = await read.DispatchRuns.AsNoTracking().SingleAsync(r => r.TaskId == taskId, Ct);
        return (taskId, run.RunId);
    }

    private static async Task<long> AccountAsync(HttpClient client) =>
        (long)(await JsonAsync(await SendAsync(client, HttpMethod.Post, "/api/v1/accounts",
            $$"""{ "shadow_bot_account": "{{WebhookPayloads.NewAccount()}}", "host_ip": "10.9.9.9", "port": 8080 }"""), HttpStatusCode.Created))["id"]!;
}
