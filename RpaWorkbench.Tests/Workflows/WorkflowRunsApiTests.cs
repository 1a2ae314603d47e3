using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Workflows;
using RpaWorkbench.Tests.Infrastructure;
using static RpaWorkbench.Tests.Infrastructure.RestCalls;

namespace RpaWorkbench.Tests.Workflows;

/// <summary><c>/api/v1/workflow-runs</c> and <c>POST /api/v1/workflows/{id}/runs</c> over real HTTP on a real SQLite file, as docs/api-rest-workflow-runs.md promises.</summary>
public sealed class WorkflowRunsApiTests(WebhookAppFactory app) : IClassFixture<WebhookAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private WorkflowRunSeed Seed => new(app.Services.GetRequiredService<IDbContextFactory<WorkbenchDbContext>>(), app.Services.GetRequiredService<TimeProvider>());

    [Fact]
    public async Task Start_AsOperatorWithInputs_201WithTheRunsFirstStepDispatched()
    {
        var workflow = await Seed.WorkflowAsync("Start " + Guid.NewGuid().ToString("N")[..6], WorkflowRunSeed.ApprovalFirst);
        var operatorClient = await app.KeyClientAsync(ApiKeyScopes.Operator);

        var response = await operatorClient.PostAsJsonAsync($"/api/v1/workflows/{workflow.WorkflowId}/runs", new { inputs = new { order_id = "A-17" } }, Ct);

        var run = await JsonAsync(response, HttpStatusCode.Created);
        var id = (long)run["id"]!;
        Assert.Equal($"/api/v1/workflow-runs/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(("running", "api", "A-17", "3"), ((string?)run["state"], (string?)run["trigger"], (string?)run["inputs"]!["order_id"], (string?)run["inputs"]!["count"]));
        // Dispatched in the start's own commit: the approval already waits for its decision.
        Assert.Equal(["waiting", null], run["steps"]!.AsArray().Select(s => (string?)s!["state"]));
        Assert.Equal("approval", (string?)run["definition"]!["steps"]![0]!["kind"]);
        var logs = await GetJsonAsync(operatorClient, $"/api/v1/workflow-runs/{id}/logs");
        Assert.StartsWith("Started by", (string?)logs[0]!["message"], StringComparison.Ordinal);
        var later = (await GetJsonAsync(operatorClient, $"/api/v1/workflow-runs/{id}/logs?after_id={(long)logs[0]!["id"]!}")).AsArray();
        Assert.All(later, line => Assert.True((long)line!["id"]! > (long)logs[0]!["id"]!));
    }

    [Fact]
    public async Task Start_WithABadInput_422NamingIt()
    {
        var workflow = await Seed.WorkflowAsync("Bad " + Guid.NewGuid().ToString("N")[..6]);
        var operatorClient = await app.KeyClientAsync(ApiKeyScopes.Operator);

        var response = await operatorClient.PostAsJsonAsync($"/api/v1/workflows/{workflow.WorkflowId}/runs", new { inputs = new { order_id = "A-1", count = "many" } }, Ct);
        var missing = await operatorClient.PostAsJsonAsync($"/api/v1/workflows/{workflow.WorkflowId}/runs", new { inputs = new { count = 2 } }, Ct);

        Assert.Equal(["inputs.count"], await ProblemFieldsAsync(response, HttpStatusCode.UnprocessableEntity));
        Assert.Equal(["inputs.order_id"], await ProblemFieldsAsync(missing, HttpStatusCode.UnprocessableEntity));
        Assert.Equal(0, await app.QueryAsync(db => db.WorkflowRuns.CountAsync(r => r.WorkflowId == workflow.WorkflowId, Ct)));
    }

    [Fact]
    public async Task Viewer_ReadsButCannotAct()
    {
        var workflow = await Seed.WorkflowAsync("Viewer " + Guid.NewGuid().ToString("N")[..6]);
        var run = await Seed.RunAsync(workflow, WorkflowRunState.Running, 0, (0, WorkflowStepState.Running, 10, null));
        var viewer = await app.KeyClientAsync(ApiKeyScopes.Viewer);

        var detail = await GetJsonAsync(viewer, $"/api/v1/workflow-runs/{run}");
        var list = await GetJsonAsync(viewer, $"/api/v1/workflow-runs?workflow_id={workflow.WorkflowId}&state=running");
        var pause = await viewer.PostAsync($"/api/v1/workflow-runs/{run}/pause", null, Ct);
        var start = await viewer.PostAsJsonAsync($"/api/v1/workflows/{workflow.WorkflowId}/runs", new { inputs = new { order_id = "A-1" } }, Ct);

        Assert.Equal(("Fetch the order", "running"), ((string?)detail["current_step"], (string?)detail["state"]));
        Assert.Equal([run], list["items"]!.AsArray().Select(r => (long)r!["id"]!));
        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (pause.StatusCode, start.StatusCode));
    }

    [Fact]
    public async Task Actions_PauseThenResume_AndPauseOfAFinishedRunIs409WithTheCode()
    {
        var workflow = await Seed.WorkflowAsync("Act " + Guid.NewGuid().ToString("N")[..6]);
        var open = await Seed.RunAsync(workflow, WorkflowRunState.Running, 0, (0, WorkflowStepState.Running, 10, null));
        var finished = await Seed.RunAsync(workflow, WorkflowRunState.Succeeded, null, (0, WorkflowStepState.Succeeded, 10, 5));
        var operatorClient = await app.KeyClientAsync(ApiKeyScopes.Operator);

        var pausing = await JsonAsync(await operatorClient.PostAsync($"/api/v1/workflow-runs/{open}/pause", null, Ct), HttpStatusCode.OK);
        var resumed = await JsonAsync(await operatorClient.PostAsync($"/api/v1/workflow-runs/{open}/resume", null, Ct), HttpStatusCode.OK);
        var refused = await JsonAsync(await operatorClient.PostAsync($"/api/v1/workflow-runs/{finished}/pause", null, Ct), HttpStatusCode.Conflict);
        var restart = await JsonAsync(await operatorClient.PostAsync($"/api/v1/workflow-runs/{finished}/restart", null, Ct), HttpStatusCode.Conflict);
        var unknown = await operatorClient.PostAsync("/api/v1/workflow-runs/987654321/cancel", null, Ct);

        Assert.Equal(("pausing", "running"), ((string?)pausing["state"], (string?)resumed["state"]));
        Assert.Equal(("WorkflowRunNotRunning", "WorkflowRunNotFailed"), ((string?)refused["code"], (string?)restart["code"]));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Approve_ByOperator_EndsTheWaitingStepWithTheComment()
    {
        var workflow = await Seed.WorkflowAsync("Approve " + Guid.NewGuid().ToString("N")[..6], WorkflowRunSeed.OperatorApproval);
        var run = await Seed.RunAsync(workflow, WorkflowRunState.Running, 1, (0, WorkflowStepState.Succeeded, 60, 2), (1, WorkflowStepState.Waiting, 30, null));
        var operatorClient = await app.KeyClientAsync(ApiKeyScopes.Operator);
        var waiting = await GetJsonAsync(operatorClient, $"/api/v1/workflow-runs/{run}");

        var approved = await JsonAsync(await operatorClient.PostAsJsonAsync($"/api/v1/workflow-runs/{run}/approve", new { comment = "付款" }, Ct), HttpStatusCode.OK);
        var again = await JsonAsync(await operatorClient.PostAsJsonAsync($"/api/v1/workflow-runs/{run}/reject", new { comment = "晚了" }, Ct), HttpStatusCode.Conflict);

        Assert.Equal(("approve", "operator", "Pay it?"), ((string?)waiting["waiting_approval"]!["step_name"], (string?)waiting["waiting_approval"]!["approver"], (string?)waiting["waiting_approval"]!["message"]));
        var attempt = approved["steps"]![1]!["attempts"]![0]!;
        Assert.Equal(("succeeded", "付款", true), ((string?)attempt["state"], (string?)attempt["comment"], (bool)attempt["outputs"]!["approved"]!));
        Assert.Null(approved["waiting_approval"]);
        Assert.Equal("WorkflowNoApprovalWaiting", (string?)again["code"]);
    }

    [Fact]
    public async Task Approve_OfAnAdminsStepByAnOperator_403()
    {
        var workflow = await Seed.WorkflowAsync("Admin " + Guid.NewGuid().ToString("N")[..6]);
        var run = await Seed.RunAsync(workflow, WorkflowRunState.Running, 3, (3, WorkflowStepState.Waiting, 30, null));
        var operatorClient = await app.KeyClientAsync(ApiKeyScopes.Operator);
        var adminClient = await app.KeyClientAsync(ApiKeyScopes.Admin);

        var refused = await operatorClient.PostAsJsonAsync($"/api/v1/workflow-runs/{run}/reject", new { comment = "no" }, Ct);
        var rejected = await JsonAsync(await adminClient.PostAsJsonAsync($"/api/v1/workflow-runs/{run}/reject", new { comment = "no" }, Ct), HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("failed", (string?)rejected["steps"]![3]!["state"]);
    }

    [Fact]
    public async Task List_WithBadFilters_422NamingEach()
    {
        var viewer = await app.KeyClientAsync(ApiKeyScopes.Viewer);

        var response = await viewer.GetAsync("/api/v1/workflow-runs?state=sleeping&from=yesterday&trigger=cron", Ct);

        Assert.Equal(["from", "state", "trigger"], (await ProblemFieldsAsync(response, HttpStatusCode.UnprocessableEntity)).Order(StringComparer.Ordinal));
    }
}
