using System.Net;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Tests.Infrastructure;
using static RpaWorkbench.Tests.Infrastructure.RestCalls;

namespace RpaWorkbench.Tests.Tasks;

/// <summary><c>shadow_bot</c> on <c>/api/v1/tasks</c>: written, read back, and refused naming the field as sent.</summary>
public sealed class TasksApiShadowBotTests(WebhookAppFactory app) : IClassFixture<WebhookAppFactory>
{
    private static int _names;

    [Fact]
    public async Task Create_WithShadowBot_GetShowsItAndPutChangesIt()
    {
        var client = await app.KeyClientAsync(ApiKeyScopes.Operator);
        var accountId = await AccountAsync(client);

        var created = await JsonAsync(await SendAsync(client, HttpMethod.Post, "/api/v1/tasks", $$"""
            { "task_name": "影刀日报", "account_id": {{accountId}}, "app_name": "云仓收藏", "config_json": { "region": "华东" },
              "run_timeout_seconds": 3600,
              "shadow_bot": { "robot_uuid": "7c1e2a9b-0d3f", "group_uuid": "g-1001", "execute_scope": "all", "priority": "high",
                              "wait_timeout_seconds": 1200, "file_param": null } }
            """), HttpStatusCode.Created);
        var id = (long)created["id"]!;

        var read = await GetJsonAsync(client, $"/api/v1/tasks/{id}");
        Assert.Equal("""{"robot_uuid":"7c1e2a9b-0d3f","group_uuid":"g-1001","execute_scope":"all","priority":"high","wait_timeout_seconds":1200,"file_param":null}""",
            read["shadow_bot"]!.ToJsonString());

        var updated = await JsonAsync(await SendAsync(client, HttpMethod.Put, $"/api/v1/tasks/{id}", $$"""
            { "task_name": "影刀日报", "account_id": {{accountId}}, "app_name": "云仓收藏", "shadow_bot": { "robot_uuid": "7c1e2a9b-0d3f", "priority": "low" } }
            """), HttpStatusCode.OK);
        Assert.Equal("""{"robot_uuid":"7c1e2a9b-0d3f","group_uuid":null,"execute_scope":null,"priority":"low","wait_timeout_seconds":null,"file_param":null}""",
            updated["shadow_bot"]!.ToJsonString());
    }

    [Fact]
    public async Task Create_WithoutShadowBot_ShowsNull()
    {
        var client = await app.KeyClientAsync(ApiKeyScopes.Operator);

        var created = await JsonAsync(await SendAsync(client, HttpMethod.Post, "/api/v1/tasks",
            $$"""{ "task_name": "plain", "account_id": {{await AccountAsync(client)}}, "app_name": "云仓收藏" }"""), HttpStatusCode.Created);

        Assert.Null(created["shadow_bot"]);
    }

    [Fact]
    public async Task Create_ShadowBotOutOfBounds_Returns422NamingEachFieldAsSent()
    {
        var client = await app.KeyClientAsync(ApiKeyScopes.Operator);

        var response = await SendAsync(client, HttpMethod.Post, "/api/v1/tasks", $$"""
            { "task_name": "影刀日报", "account_id": {{await AccountAsync(client)}}, "app_name": "云仓收藏", "run_timeout_seconds": 30,
              "shadow_bot": { "robot_uuid": "7c1e2a9b-0d3f", "execute_scope": "any", "wait_timeout_seconds": 59 } }
            """);

        Assert.Equal(["run_timeout_seconds", "shadow_bot.execute_scope", "shadow_bot.wait_timeout_seconds"],
            await ProblemFieldsAsync(response, HttpStatusCode.UnprocessableEntity));
    }

    [Fact]
    public async Task Create_UnknownPriority_Returns400NamingIt()
    {
        var client = await app.KeyClientAsync(ApiKeyScopes.Operator);

        var response = await SendAsync(client, HttpMethod.Post, "/api/v1/tasks",
            """{ "task_name": "x", "account_id": 1, "app_name": "app", "shadow_bot": { "priority": "urgent" } }""");

        Assert.Equal(["shadow_bot.priority"], await ProblemFieldsAsync(response, HttpStatusCode.BadRequest));
    }

    private static async Task<long> AccountAsync(HttpClient client)
    {
        var account = await JsonAsync(await SendAsync(client, HttpMethod.Post, "/api/v1/accounts",
            $$"""{ "shadow_bot_account": "shadowbot-api-{{Interlocked.Increment(ref _names)}}", "host_ip": "127.0.0.1", "port": 8080 }"""),
            HttpStatusCode.Created);
        return (long)account["id"]!;
    }
}
