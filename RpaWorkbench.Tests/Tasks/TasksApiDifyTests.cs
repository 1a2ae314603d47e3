using System.Net;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Tests.Infrastructure;
using static RpaWorkbench.Tests.Infrastructure.RestCalls;

namespace RpaWorkbench.Tests.Tasks;

/// <summary><c>dify</c> on <c>/api/v1/tasks</c>: saved with the key encrypted and never shown again, refused naming the field.</summary>
public sealed class TasksApiDifyTests(WebhookAppFactory app) : IClassFixture<WebhookAppFactory>
{
    private const string AppKey = "app-9f3c1e7a5b";
    private static int _names;

    [Fact]
    public async Task CreateAndPut_DifySettings_ReadBackWithoutTheKey_BlankKeyKeepsIt()
    {
        var client = await app.KeyClientAsync(ApiKeyScopes.Operator);
        var account = await AccountAsync(client);

        var created = await SendAsync(client, HttpMethod.Post, "/api/v1/tasks",
            Body(account, $$"""{ "base_url": "https://api.dify.ai/v1/", "api_key": "{{AppKey}}", "max_concurrency": 3 }"""));
        var text = await created.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.DoesNotContain(AppKey, text, StringComparison.Ordinal);
        var id = (long)System.Text.Json.Nodes.JsonNode.Parse(text)!["id"]!;
        var read = await GetJsonAsync(client, $"/api/v1/tasks/{id}");
        Assert.Equal("""{"base_url":"https://api.dify.ai/v1","max_concurrency":3}""", read["dify"]!.ToJsonString());

        var updated = await JsonAsync(await SendAsync(client, HttpMethod.Put, $"/api/v1/tasks/{id}",
            Body(account, """{ "base_url": "https://api.dify.ai/v1", "api_key": "", "max_concurrency": 5 }""")), HttpStatusCode.OK);
        Assert.Equal(5, (int)updated["dify"]!["max_concurrency"]!);

        var removed = await JsonAsync(await SendAsync(client, HttpMethod.Put, $"/api/v1/tasks/{id}", Body(account, "null")), HttpStatusCode.OK);
        Assert.Null(removed["dify"]);
    }

    [Fact]
    public async Task Create_AddressNotAllowedAndNoKey_422NamingBothFields()
    {
        var client = await app.KeyClientAsync(ApiKeyScopes.Operator);

        var response = await SendAsync(client, HttpMethod.Post, "/api/v1/tasks",
            Body(await AccountAsync(client), """{ "base_url": "http://169.254.169.254/v1", "max_concurrency": 0 }"""));

        Assert.Equal(["dify.base_url", "dify.api_key", "dify.max_concurrency"], await ProblemFieldsAsync(response, HttpStatusCode.UnprocessableEntity));
    }

    private static string Body(long accountId, string dify) =>
        $$"""{ "task_name": "开票", "account_id": {{accountId}}, "app_name": "开票流程", "dify": {{dify}} }""";

    private static async Task<long> AccountAsync(HttpClient client)
    {
        var response = await SendAsync(client, HttpMethod.Post, "/api/v1/accounts",
            $$"""{ "shadow_bot_account": "dify-api-{{Interlocked.Increment(ref _names)}}", "host_ip": "127.0.0.1", "port": 9 }""");
        return (long)(await JsonAsync(response, HttpStatusCode.Created))["id"]!;
    }
}
