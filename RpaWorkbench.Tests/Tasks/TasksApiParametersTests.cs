using System.Net;
using System.Text.Json;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Tests.Infrastructure;
using static RpaWorkbench.Tests.Infrastructure.RestCalls;

namespace RpaWorkbench.Tests.Tasks;

/// <summary>
/// <c>parameters</c> on <c>/api/v1/tasks</c> (declared, read back, refused by row) and the start body's values, which
/// reach the robot agent, a real HTTP listener on loopback.
/// </summary>
public sealed class TasksApiParametersTests(WebhookAppFactory app) : IClassFixture<WebhookAppFactory>, IAsyncLifetime
{
    private const string Declared = """
        [ { "name": "仓库", "type": "text", "required": true, "max_length": 20, "description": "发货仓库" },
          { "name": "batch_size", "type": "integer", "default": "50" } ]
        """;

    private static int _names;
    private RecordingRobotAgent _robot = null!;

    public async ValueTask InitializeAsync() => _robot = await RecordingRobotAgent.StartAsync();

    public async ValueTask DisposeAsync() => await _robot.DisposeAsync();

    [Fact]
    public async Task CreateAndPut_Parameters_ReadBackAsDeclaredAndReplaced()
    {
        var client = await app.KeyClientAsync(ApiKeyScopes.Operator);
        var accountId = await AccountAsync(client);

        var created = await JsonAsync(await SendAsync(client, HttpMethod.Post, "/api/v1/tasks", Body(accountId, Declared)), HttpStatusCode.Created);
        var id = (long)created["id"]!;

        var read = await GetJsonAsync(client, $"/api/v1/tasks/{id}");
        Assert.Equal(
            """[{"name":"仓库","type":"text","required":true,"default":null,"max_length":20,"description":"发货仓库"},"""
            + """{"name":"batch_size","type":"integer","required":false,"default":"50","max_length":null,"description":null}]""",
            read["parameters"]!.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));

        var updated = await JsonAsync(await SendAsync(client, HttpMethod.Put, $"/api/v1/tasks/{id}",
            Body(accountId, """[ { "name": "day", "type": "date", "default": "2026/12/01" } ]""")), HttpStatusCode.OK);
        Assert.Equal(["day"], updated["parameters"]!.AsArray().Select(p => (string?)p!["name"]));
        Assert.NotEqual((string?)created["version"], (string?)updated["version"]);

        var cleared = await JsonAsync(await SendAsync(client, HttpMethod.Put, $"/api/v1/tasks/{id}", Body(accountId, "null")), HttpStatusCode.OK);
        Assert.Empty(cleared["parameters"]!.AsArray());
    }

    [Fact]
    public async Task Create_BadDeclarations_Returns422NamingTheRowAndField()
    {
        var client = await app.KeyClientAsync(ApiKeyScopes.Operator);

        var response = await SendAsync(client, HttpMethod.Post, "/api/v1/tasks", Body(await AccountAsync(client), """
            [ { "name": "ok", "type": "integer", "default": "x" },
              { "name": "OK", "type": "text" },
              { "name": "1st", "type": "boolean", "max_length": 5 } ]
            """));

        Assert.Equal(["parameters[0].default", "parameters[1].name", "parameters[2].name", "parameters[2].max_length"],
            await ProblemFieldsAsync(response, HttpStatusCode.UnprocessableEntity));
    }

    [Fact]
    public async Task Create_UnknownType_Returns400NamingIt()
    {
        var client = await app.KeyClientAsync(ApiKeyScopes.Operator);

        var response = await SendAsync(client, HttpMethod.Post, "/api/v1/tasks", Body(1, """[ { "name": "x", "type": "money" } ]"""));

        Assert.Equal(["parameters[0].type"], await ProblemFieldsAsync(response, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Start_WithValues_RobotGetsThemCheckedWithDefaults()
    {
        var client = await app.KeyClientAsync(ApiKeyScopes.Operator);
        var id = await TaskAsync(client);

        var started = await JsonAsync(await SendAsync(client, HttpMethod.Post, $"/api/v1/tasks/{id}/start",
            """{ "parameters": { "仓库": "华东一仓" } }"""), HttpStatusCode.OK);

        Assert.Equal("running", (string?)started["status"]);
        using var sent = JsonDocument.Parse(Assert.Single(_robot.Requests).Body);
        Assert.Equal([("仓库", "华东一仓"), ("batch_size", "50")],
            sent.RootElement.GetProperty("parameters").EnumerateObject().Select(p => (p.Name, p.Value.GetString())));
    }

    [Fact]
    public async Task Start_NumberValueAsJson_TakenAsItsText()
    {
        var client = await app.KeyClientAsync(ApiKeyScopes.Operator);
        var id = await TaskAsync(client);

        await JsonAsync(await SendAsync(client, HttpMethod.Post, $"/api/v1/tasks/{id}/start",
            """{ "parameters": { "仓库": "华北", "batch_size": 120 } }"""), HttpStatusCode.OK);

        using var sent = JsonDocument.Parse(Assert.Single(_robot.Requests).Body);
        Assert.Equal("120", sent.RootElement.GetProperty("parameters").GetProperty("batch_size").GetString());
    }

    [Fact]
    public async Task Start_RequiredWithoutValue_Returns422NamingIt_NoBodyToo()
    {
        var client = await app.KeyClientAsync(ApiKeyScopes.Operator);
        var id = await TaskAsync(client);

        var withBody = await SendAsync(client, HttpMethod.Post, $"/api/v1/tasks/{id}/start", """{ "parameters": { "batch_size": "7" } }""");
        var withoutBody = await SendAsync(client, HttpMethod.Post, $"/api/v1/tasks/{id}/start");
        var objectValue = await SendAsync(client, HttpMethod.Post, $"/api/v1/tasks/{id}/start", """{ "parameters": { "仓库": { "a": 1 } } }""");

        Assert.Equal(["parameters.仓库"], await ProblemFieldsAsync(withBody, HttpStatusCode.UnprocessableEntity));
        Assert.Equal(["parameters.仓库"], await ProblemFieldsAsync(withoutBody, HttpStatusCode.UnprocessableEntity));
        Assert.Equal(["parameters.仓库"], await ProblemFieldsAsync(objectValue, HttpStatusCode.UnprocessableEntity));
        Assert.Empty(_robot.Requests);
        Assert.Equal("pending", (string?)(await GetJsonAsync(client, $"/api/v1/tasks/{id}"))["status"]);
    }

    private static string Body(long accountId, string parameters) =>
        $$"""{ "task_name": "参数任务", "account_id": {{accountId}}, "app_name": "云仓收藏", "parameters": {{parameters}} }""";

    private async Task<long> TaskAsync(HttpClient client) =>
        (long)(await JsonAsync(await SendAsync(client, HttpMethod.Post, "/api/v1/tasks", Body(await AccountAsync(client), Declared)), HttpStatusCode.Created))["id"]!;

    // An account of its own per test, whose robot is the recording agent.
    private async Task<long> AccountAsync(HttpClient client)
    {
        var response = await SendAsync(client, HttpMethod.Post, "/api/v1/accounts",
            $$"""{ "shadow_bot_account": "param-api-{{Interlocked.Increment(ref _names)}}", "host_ip": "127.0.0.1", "port": {{_robot.Port}} }""");
        return (long)(await JsonAsync(response, HttpStatusCode.Created))["id"]!;
    }
}
