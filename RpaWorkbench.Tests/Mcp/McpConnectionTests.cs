using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using RpaWorkbench.Core.ApiKeys;

namespace RpaWorkbench.Tests.Mcp;

/// <summary>
/// Who may connect to <c>/mcp</c> and what it offers, seen by the SDK's own client over real HTTP: viewer, operator
/// and admin keys connect; no key or a bad one is 401 problem details (not the sign-in page), a robot key 403.
/// </summary>
public sealed class McpConnectionTests(McpHost host) : IClassFixture<McpHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ListTools_ViewerKey_OffersTheTwelveToolsEachDescribedWithAnInputSchema()
    {
        await using var client = await host.ConnectAsync(ApiKeyScopes.Viewer);

        var tools = await client.ListToolsAsync(cancellationToken: Ct);

        Assert.Equal(
            ["batch_status", "create_batch", "dashboard_stats", "failure_summary", "get_run", "list_alerts", "list_robots", "list_tasks", "search_runs", "start_task", "start_workflow", "stop_task", "workflow_status"],
            tools.Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.All(tools, tool =>
        {
            Assert.True(tool.Description.Length >= 80, $"{tool.Name}'s description is too thin for a model: '{tool.Description}'");
            Assert.Equal("object", tool.JsonSchema.GetProperty("type").GetString());
            Assert.NotNull(tool.ProtocolTool.OutputSchema);
        });
        var start = tools.Single(t => t.Name == "start_task").JsonSchema;
        Assert.Equal(["task_id"], start.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        var search = tools.Single(t => t.Name == "search_runs").JsonSchema.GetProperty("properties");
        Assert.Equal(["account", "app", "status", "from", "to", "text", "limit"], search.EnumerateObject().Select(p => p.Name));
    }

    [Theory]
    [InlineData(ApiKeyScopes.Operator)]
    [InlineData(ApiKeyScopes.Admin)]
    public async Task Connect_OperatorOrAdminKey_Connects(string scope)
    {
        await using var client = await host.ConnectAsync(scope);

        Assert.Equal("rpa-workbench", client.ServerInfo?.Name);
    }

    [Fact]
    public async Task Connect_KeyAsBearerToken_Connects()
    {
        var key = await host.App.KeySecretAsync(ApiKeyScopes.Viewer);

        await using var client = await host.ConnectWithAsync(new() { ["Authorization"] = $"Bearer {key}" });

        Assert.Equal("rpa-workbench", client.ServerInfo?.Name);
    }

    [Fact]
    public async Task Connect_NoKeyOrUnknownKey_Unauthorized()
    {
        var none = await Assert.ThrowsAsync<HttpRequestException>(() => host.ConnectWithAsync([]));
        var unknown = await Assert.ThrowsAsync<HttpRequestException>(() => host.ConnectWithAsync(new() { ["X-Api-Key"] = "wb_not-a-key" }));

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
    }

    [Fact]
    public async Task Connect_RobotKey_Forbidden()
    {
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => host.ConnectAsync(ApiKeyScopes.Robot));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Theory]
    [InlineData(null, 401)]
    [InlineData(ApiKeyScopes.Robot, 403)]
    public async Task Post_WithoutAnAllowedKey_AnswersProblemDetailsNotTheSignInPage(string? scope, int status)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var request = Initialize();
        if (scope is not null)
        {
            request.Headers.Add("X-Api-Key", await host.App.KeySecretAsync(scope));
        }

        var response = await http.SendAsync(request, Ct);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(status, (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Post_BodyOverTheLimit_413ProblemDetails()
    {
        using var http = new HttpClient();
        // 64 KiB is the documented limit (docs/api-mcp.md); this call's arguments are 100 KiB.
        using var request = Initialize(padding: new string('x', 100 * 1024));
        request.Headers.Add("X-Api-Key", await host.App.KeySecretAsync(ApiKeyScopes.Viewer));

        var response = await http.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    // An MCP initialize request as a client sends it first.
    private HttpRequestMessage Initialize(string padding = "")
    {
        var body = JsonSerializer.Serialize(new
        {
            jsonrpc = "2.0",
            id = 1,
            method = "initialize",
            @params = new { protocolVersion = "2025-06-18", capabilities = new { }, clientInfo = new { name = "test", version = padding } },
        });
        var request = new HttpRequestMessage(HttpMethod.Post, host.Endpoint) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        return request;
    }
}
