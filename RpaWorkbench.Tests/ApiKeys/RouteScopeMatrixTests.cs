using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Tests.Infrastructure;
using RpaWorkbench.Tests.Storage;
using RpaWorkbench.Tests.Webhooks;
using RpaWorkbench.Web.Features.ApiDocs;

namespace RpaWorkbench.Tests.ApiKeys;

/// <summary>
/// The role matrix over every <c>/api</c> route, found in the routing table: each declares the least scope it needs
/// (<see cref="NeedsScopeAttribute"/>) and has a sample request here; a key of each scope (owned by an admin) calls each
/// route, and scopes below the declared one get 403 while the others get past authorization (anything but 401/403).
/// A route added later fails here until it declares its scope and gets a sample.
/// </summary>
public sealed class RouteScopeMatrixTests(WebhookAppFactory app) : IClassFixture<WebhookAppFactory>
{
    private const long Missing = 987_654_321;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A request each route is called with: well formed, so only the caller's scope decides between 403 and the rest.</summary>
    private static readonly Dictionary<string, Func<RouteScopeMatrixTests, Task<HttpRequestMessage>>> Samples = new()
    {
        ["webhook-execution-complete"] = _ => Json(HttpMethod.Post, "/api/v1/webhook/execution-complete", WebhookPayloads.SeedCompletion(WebhookPayloads.NewAccount())),
        ["webhook-confirm"] = _ => Json(HttpMethod.Post, "/api/v1/webhook/confirm", new { shadow_bot_account = WebhookPayloads.NewAccount(), app_name = "矩阵" }),
        ["webhook-heartbeat"] = _ => Json(HttpMethod.Post, "/api/v1/webhook/heartbeat", new { shadow_bot_account = WebhookPayloads.NewAccount() }),
        ["get-robot-config"] = async t => await Json(HttpMethod.Post, "/api/v1/resources/config/get", new { task_id = await t.TaskAsync() }),
        ["upload-config-file"] = async t => Upload(await t.TaskAsync()),
        ["download-object"] = _ => Get("/api/v1/resources/objects/runs/matrix/missing.png"),
        ["proxy-resource"] = _ => Get("/api/v1/resources/proxy?url=not-a-url"),
        ["download-resource"] = _ => Get("/api/v1/resources/proxy/download?url=not-a-url"),
        ["export-logs"] = _ => Get("/api/v1/logs/export"),
        ["export-audit"] = _ => Get("/api/v1/audit/export"),
        ["events"] = _ => Get("/api/v1/events"),
        ["sse-events"] = _ => Get("/api/v1/sse/events"),
        ["sse-status"] = _ => Get("/api/v1/sse/status"),
        ["list-users"] = _ => Get("/api/v1/users"),
    };

    private long? _taskId;

    [Fact]
    public void EveryApiRoute_DeclaresItsScopeAndHasASample()
    {
        var routes = Routes();
        Assert.NotEmpty(routes);

        var undeclared = routes.Where(r => r.Needs is null).Select(r => r.Name).ToList();
        var unsampled = routes.Where(r => !Samples.ContainsKey(r.Name)).Select(r => r.Name).ToList();

        Assert.True(undeclared.Count == 0, "Routes without .Needs(scope): " + string.Join(", ", undeclared));
        Assert.True(unsampled.Count == 0, "Routes without a sample request in this test: " + string.Join(", ", unsampled));
    }

    [Theory]
    [InlineData(ApiKeyScopes.Robot)]
    [InlineData(ApiKeyScopes.Viewer)]
    [InlineData(ApiKeyScopes.Operator)]
    [InlineData(ApiKeyScopes.Admin)]
    public async Task EveryApiRoute_KeyOfScope_RefusedExactlyBelowTheDeclaredScope(string scope)
    {
        var client = await app.KeyClientAsync(scope);
        var wrong = new List<string>();

        foreach (var route in Routes().Where(r => r.Needs is not null && Samples.ContainsKey(r.Name)))
        {
            using var request = await Samples[route.Name](this);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Ct);
            var status = (int)response.StatusCode;
            var allowed = Allows(route.Needs!, scope);
            if (allowed ? status is 401 or 403 || status >= 500 : status != 403)
            {
                wrong.Add($"{route.Name} ({request.Method} {request.RequestUri}): {status}, expected {(allowed ? "past authorization" : "403")}");
            }
        }

        Assert.True(wrong.Count == 0, $"A {scope} key:\n" + string.Join("\n", wrong));
    }

    // Viewer < operator < admin; robot keys open robot routes and the routes that say robots may call them too.
    private static bool Allows(NeedsScopeAttribute needs, string scope)
    {
        string[] ranked = [ApiKeyScopes.Viewer, ApiKeyScopes.Operator, ApiKeyScopes.Admin];
        if (scope == ApiKeyScopes.Robot || needs.Scope == ApiKeyScopes.Robot)
        {
            return scope == ApiKeyScopes.Robot && (needs.Scope == ApiKeyScopes.Robot || needs.RobotsToo);
        }

        return Array.IndexOf(ranked, scope) >= Array.IndexOf(ranked, needs.Scope);
    }

    private List<(string Name, NeedsScopeAttribute? Needs)> Routes() =>
        ApiEndpoints.Of(app.Services)
            .Where(r => r.Endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null)
            .Select(r => (r.Endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName
                          ?? r.Endpoint.Metadata.GetMetadata<RouteNameMetadata>()?.RouteName ?? $"{r.Method} {r.Path}",
                r.Endpoint.Metadata.GetMetadata<NeedsScopeAttribute>()))
            .ToList();

    private async Task<long> TaskAsync() =>
        _taskId ??= await RobotConfigCalls.AddTaskAsync(app.Services, WebhookPayloads.NewAccount(), "矩阵任务", null);

    private static Task<HttpRequestMessage> Get(string path) => Task.FromResult(new HttpRequestMessage(HttpMethod.Get, path));

    private static Task<HttpRequestMessage> Json(HttpMethod method, string path, object body) =>
        Task.FromResult(new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) });

    private static HttpRequestMessage Upload(long taskId)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(RobotConfigCalls.Id(taskId)), "task_id" },
            { new ByteArrayContent("{}"u8.ToArray()), "file", "matrix.json" },
        };
        return new HttpRequestMessage(HttpMethod.Post, "/api/v1/resources/upload/config") { Content = form };
    }

}
