using System.Net;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Core.Workflows;
using RpaWorkbench.Tests.Infrastructure;
using static RpaWorkbench.Tests.Infrastructure.RestCalls;

namespace RpaWorkbench.Tests.Workflows;

/// <summary>
/// <c>/api/v1/workflows</c> over real HTTP on a real SQLite file: create, read, edit (versions), delete with API keys,
/// ETags and If-Match, and each refusal as docs/api-rest-workflows.md promises.
/// </summary>
public sealed class WorkflowsApiTests(WebhookAppFactory app) : IClassFixture<WebhookAppFactory>
{
    private static int _names;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RoundTrip_CreateGetEditVersionsDelete()
    {
        var client = await app.KeyClientAsync(ApiKeyScopes.Operator);
        var name = Unique("对账流程");

        var created = await SendAsync(client, HttpMethod.Post, "/api/v1/workflows", Body(name, "60"));
        var workflow = await JsonAsync(created, HttpStatusCode.Created);
        var id = (long)workflow["id"]!;
        Assert.Equal($"/api/v1/workflows/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal("\"0\"", ETagOf(created));
        Assert.Equal((1, 1, "wait", 60), ((int)workflow["latest_version"]!, (int)workflow["definition_version"]!,
            (string?)workflow["steps"]![1]!["kind"], (int)workflow["steps"]![1]!["wait"]!["seconds"]!));
        Assert.Equal("go_to", (string?)workflow["steps"]![0]!["on_failure"]);

        var viewer = await app.KeyClientAsync(ApiKeyScopes.Viewer);
        var read = await viewer.GetAsync($"/api/v1/workflows/{id}", Ct);
        Assert.Equal("{{ inputs.order_id }}", (string?)(await JsonAsync(read, HttpStatusCode.OK))["steps"]![2]!["approval"]!["message"]);
        var page = await GetJsonAsync(viewer, $"/api/v1/workflows?search={Uri.EscapeDataString(name)}&page=1&page_size=5");
        Assert.Equal((1, 3), ((int)page["total"]!, (int)page["items"]![0]!["step_count"]!));

        var edited = await SendAsync(client, HttpMethod.Put, $"/api/v1/workflows/{id}", Body(name, "120"), ifMatch: "\"0\"");
        Assert.Equal(2, (int)(await JsonAsync(edited, HttpStatusCode.OK))["latest_version"]!);
        Assert.Equal("\"1\"", ETagOf(edited));
        var versions = await GetJsonAsync(viewer, $"/api/v1/workflows/{id}/versions");
        Assert.Equal([2, 1], versions.AsArray().Select(v => (int)v!["number"]!));
        var first = await GetJsonAsync(viewer, $"/api/v1/workflows/{id}/versions/1");
        Assert.Equal((1, 60), ((int)first["definition_version"]!, (int)first["steps"]![1]!["wait"]!["seconds"]!));
        await ProblemFieldsAsync(await viewer.GetAsync($"/api/v1/workflows/{id}/versions/3", Ct), HttpStatusCode.NotFound);

        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(client, HttpMethod.Delete, $"/api/v1/workflows/{id}")).StatusCode);
        await ProblemFieldsAsync(await viewer.GetAsync($"/api/v1/workflows/{id}", Ct), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Update_StaleIfMatch_Returns412AndChangesNothing()
    {
        var client = await app.KeyClientAsync(ApiKeyScopes.Operator);
        var name = Unique("stale");
        var id = (long)(await JsonAsync(await SendAsync(client, HttpMethod.Post, "/api/v1/workflows", Body(name, "60")), HttpStatusCode.Created))["id"]!;
        await JsonAsync(await SendAsync(client, HttpMethod.Put, $"/api/v1/workflows/{id}", Body(name + "-1", "60"), ifMatch: "\"0\""), HttpStatusCode.OK);

        var stale = await SendAsync(client, HttpMethod.Put, $"/api/v1/workflows/{id}", Body(name + "-2", "60"), ifMatch: "\"0\"");

        await ProblemFieldsAsync(stale, HttpStatusCode.PreconditionFailed);
        Assert.Equal(name + "-1", (string?)(await GetJsonAsync(client, $"/api/v1/workflows/{id}"))["name"]);
    }

    [Fact]
    public async Task Create_RefusedDefinition_Returns422NamingEveryField()
    {
        var client = await app.KeyClientAsync(ApiKeyScopes.Operator);
        var body = $$$"""
            { "name": "{{{Unique("bad")}}}", "schedule": "daily", "inputs": [{ "name": "1st", "type": "text" }],
              "steps": [
                { "name": "Fetch", "kind": "robot_run", "task": { "task_id": 987654 } },
                { "name": "call", "kind": "http", "http": { "method": "TRACE", "url": "http://127.0.0.1:9/{{ steps.later.outputs.x }}", "success_statuses": "2xx" } },
                { "name": "later", "kind": "wait", "wait": { "seconds": 0 }, "attempts": 11 }
              ] }
            """;

        var fields = await ProblemFieldsAsync(await SendAsync(client, HttpMethod.Post, "/api/v1/workflows", body), HttpStatusCode.UnprocessableEntity);

        Assert.Equal(
        [
            "inputs[0].name", "schedule", "steps[0].name", "steps[0].task.task_id", "steps[1].http.method", "steps[1].http.success_statuses",
            "steps[1].http.url", "steps[2].attempts", "steps[2].wait.seconds",
        ], fields.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Create_WrongJsonType_Returns400NamingTheField()
    {
        var client = await app.KeyClientAsync(ApiKeyScopes.Operator);

        var response = await SendAsync(client, HttpMethod.Post, "/api/v1/workflows", """{ "name": "x", "steps": [{ "name": "a", "kind": "wait", "attempts": "many" }] }""");

        Assert.Equal(["steps[0].attempts"], await ProblemFieldsAsync(response, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Delete_WhileARunIsOpen_Returns409()
    {
        var client = await app.KeyClientAsync(ApiKeyScopes.Operator);
        var id = (long)(await JsonAsync(await SendAsync(client, HttpMethod.Post, "/api/v1/workflows", Body(Unique("busy"), "60")), HttpStatusCode.Created))["id"]!;
        await app.QueryAsync(async db =>
        {
            var version = db.WorkflowVersions.Single(v => v.WorkflowId == id);
            db.WorkflowRuns.Add(new WorkflowRun { WorkflowId = id, WorkflowVersionId = version.Id, VersionNumber = 1, StartedBy = "test", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow });
            return await db.SaveChangesAsync(Ct);
        });

        var response = await SendAsync(client, HttpMethod.Delete, $"/api/v1/workflows/{id}");

        await ProblemFieldsAsync(response, HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/workflows/{id}", Ct)).StatusCode);
    }

    [Theory]
    [InlineData("GET", "")]
    [InlineData("PUT", "")]
    [InlineData("DELETE", "")]
    [InlineData("GET", "/versions")]
    [InlineData("GET", "/versions/1")]
    public async Task AnyMethod_UnknownId_Returns404Problem(string method, string suffix)
    {
        var client = await app.KeyClientAsync(ApiKeyScopes.Operator);

        var response = await SendAsync(client, new HttpMethod(method), $"/api/v1/workflows/987654{suffix}", method == "PUT" ? Body("nobody", "60") : null);

        await ProblemFieldsAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ViewerKey_CannotWrite()
    {
        var viewer = await app.KeyClientAsync(ApiKeyScopes.Viewer);

        var response = await SendAsync(viewer, HttpMethod.Post, "/api/v1/workflows", Body(Unique("viewer"), "60"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    /// <summary>call (HTTP, on failure go to wait_a_bit) → wait_a_bit (wait) → sign_off (approval).</summary>
    private static string Body(string name, string waitSeconds) => $$$"""
        { "name": "{{{name}}}", "description": "每日对账", "inputs": [{ "name": "order_id", "type": "text", "required": true }],
          "steps": [
            { "name": "call", "kind": "http", "on_failure": "go_to", "go_to": "wait_a_bit",
              "http": { "method": "post", "url": "http://127.0.0.1:9/orders/{{ inputs.order_id }}", "headers": { "X-Order": "{{ inputs.order_id }}" },
                        "success_statuses": "200-299,404", "success_condition": "response.status == 200" } },
            { "name": "wait_a_bit", "kind": "wait", "wait": { "seconds": {{{waitSeconds}}} } },
            { "name": "sign_off", "kind": "approval", "approval": { "message": "{{ inputs.order_id }}", "approver": "admin", "deadline_seconds": 3600 } }
          ] }
        """;

    private static string Unique(string prefix) => $"{prefix}-{Interlocked.Increment(ref _names)}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 20, 100)];
}
