using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Security;

/// <summary>
/// A POST-only API called with another method answers 405 with <c>Allow: POST</c>, also to a robot with a valid key
/// (not 401, which would send its developer looking for a problem with the key). The routes come from the routing table,
/// so a POST-only API added later is covered.
/// </summary>
public sealed class MethodNotAllowedTests(WebhookAppFactory app) : IClassFixture<WebhookAppFactory>
{
    private static readonly string[] OtherMethods = ["GET", "PUT", "DELETE"];

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void PostOnlyApis_AreTheWebhooksTheRobotConfigApisAndTheTaskBatchAndWorkflowRunActions()
    {
        Assert.Equal(
            ["/api/v1/alert-channels/{id:long}/test",
             "/api/v1/batches/{id:long}/cancel", "/api/v1/batches/{id:long}/pause", "/api/v1/batches/{id:long}/resume", "/api/v1/batches/{id:long}/retry-failed",
             "/api/v1/queue/{id:long}/cancel", "/api/v1/resources/config/get", "/api/v1/resources/upload/config",
             "/api/v1/tasks/{id:long}/force-stop", "/api/v1/tasks/{id:long}/run-again", "/api/v1/tasks/{id:long}/start", "/api/v1/tasks/{id:long}/stop",
             "/api/v1/webhook/confirm", "/api/v1/webhook/execution-complete", "/api/v1/webhook/heartbeat",
             "/api/v1/webhook/shadowbot",
             "/api/v1/workflow-runs/{id:long}/approve", "/api/v1/workflow-runs/{id:long}/cancel", "/api/v1/workflow-runs/{id:long}/pause",
             "/api/v1/workflow-runs/{id:long}/reject", "/api/v1/workflow-runs/{id:long}/restart", "/api/v1/workflow-runs/{id:long}/resume",
             "/api/v1/workflows/{id:long}/runs"],
            PostOnlyPaths().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task EveryPostOnlyApi_OtherMethodWithValidKey_405AllowPostProblem()
    {
        foreach (var path in PostOnlyPaths())
        {
            foreach (var method in OtherMethods)
            {
                var response = await app.Robot().SendAsync(new HttpRequestMessage(new HttpMethod(method), path), Ct);

                await AssertMethodNotAllowedAsync(response, $"{method} {path}");
            }
        }
    }

    [Fact]
    public async Task Webhook_GetWithoutKey_Also405()
    {
        var response = await app.CreateClient().GetAsync("/api/v1/webhook/heartbeat", Ct);

        await AssertMethodNotAllowedAsync(response, "GET /api/v1/webhook/heartbeat");
    }

    [Fact]
    public async Task UnknownApiPath_AnyMethod_Still401()
    {
        var response = await app.Robot().SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/v1/webhook/nothing-here"), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private List<string> PostOnlyPaths() =>
        [.. ApiEndpoints.Of(app.Services).GroupBy(e => e.Path).Where(g => g.All(e => e.Method == "POST")).Select(g => g.Key)];

    private async Task AssertMethodNotAllowedAsync(HttpResponseMessage response, string call)
    {
        Assert.True(response.StatusCode == HttpStatusCode.MethodNotAllowed, $"{call}: {(int)response.StatusCode}, expected 405");
        Assert.Equal(["POST"], response.Content.Headers.Allow);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(405, (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("status").GetInt32());
    }
}
