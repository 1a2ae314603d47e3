using System.Net;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Tests.Events;
using RpaWorkbench.Tests.Infrastructure;
using static RpaWorkbench.Tests.Infrastructure.RestCalls;

namespace RpaWorkbench.Tests.Tasks;

/// <summary>
/// Accounts and tasks changed over REST are seen on the event stream as the pages see them: the Workbench on a real
/// Kestrel port, a stream client reading the SSE framing, and the recording robot agent as the robot.
/// </summary>
public sealed class TasksApiEventsTests : IAsyncLifetime
{
    private readonly EventStreamHost _host = new();
    private RecordingRobotAgent _robot = null!;

    public async ValueTask InitializeAsync() => _robot = await RecordingRobotAgent.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await _robot.DisposeAsync();
    }

    [Fact]
    public async Task StartThenForceStop_OverRest_StreamsTheTaskRunningThenPending()
    {
        using var client = new HttpClient { BaseAddress = _host.BaseUrl };
        client.DefaultRequestHeaders.Add("X-Api-Key", await _host.App.KeySecretAsync(ApiKeyScopes.Operator));
        var account = await JsonAsync(await SendAsync(client, HttpMethod.Post, "/api/v1/accounts",
            $$"""{ "shadow_bot_account": "streamed-robot", "host_ip": "127.0.0.1", "port": {{_robot.Port}} }"""), HttpStatusCode.Created);
        var task = await JsonAsync(await SendAsync(client, HttpMethod.Post, "/api/v1/tasks",
            $$"""{ "task_name": "streamed", "account_id": {{(long)account["id"]!}}, "app_name": "云仓收藏" }"""), HttpStatusCode.Created);
        var taskId = (long)task["id"]!;
        await using var stream = await _host.OpenAsync();
        Assert.Equal("3000", (await stream.NextAsync()).Retry);

        await SendAsync(client, HttpMethod.Post, $"/api/v1/tasks/{taskId}/start");
        await stream.UntilAsync(m => IsTask(m, taskId, "running"));
        await SendAsync(client, HttpMethod.Post, $"/api/v1/tasks/{taskId}/force-stop");

        var messages = await stream.UntilAsync(m => m.Event == "log_created" && m.Json.GetProperty("task_id").GetInt64() == taskId);
        Assert.Equal("stopped", messages[^1].Json.GetProperty("status").GetString());
        Assert.Contains(messages, m => IsTask(m, taskId, "pending"));
    }

    [Fact]
    public async Task AccountCreatedRenamedDeleted_OverRest_EachStreamedAsTheAccountsPagesSeeIt()
    {
        using var client = new HttpClient { BaseAddress = _host.BaseUrl };
        client.DefaultRequestHeaders.Add("X-Api-Key", await _host.App.KeySecretAsync(ApiKeyScopes.Operator));
        await using var stream = await _host.OpenAsync();
        Assert.Equal("3000", (await stream.NextAsync()).Retry);

        var account = await JsonAsync(await SendAsync(client, HttpMethod.Post, "/api/v1/accounts",
            """{ "shadow_bot_account": "streamed-new", "host_ip": "10.2.2.2", "port": 8080 }"""), HttpStatusCode.Created);
        var id = (long)account["id"]!;
        await stream.UntilAsync(m => IsAccount(m, id) && m.Json.GetProperty("shadow_bot_account").GetString() == "streamed-new");
        await SendAsync(client, HttpMethod.Put, $"/api/v1/accounts/{id}", """{ "shadow_bot_account": "streamed-renamed", "host_ip": "10.2.2.2", "port": 8080 }""");
        await stream.UntilAsync(m => IsAccount(m, id) && m.Json.GetProperty("shadow_bot_account").GetString() == "streamed-renamed");
        await SendAsync(client, HttpMethod.Delete, $"/api/v1/accounts/{id}");

        await stream.UntilAsync(m => IsAccount(m, id) && m.Json.TryGetProperty("deleted", out var deleted) && deleted.GetBoolean());
    }

    private static bool IsAccount(SseMessage message, long accountId) =>
        message.Event == "account_updated" && message.Json.GetProperty("account_id").GetInt64() == accountId;

    private static bool IsTask(SseMessage message, long taskId, string status) =>
        message.Event == "task_updated" && message.Json.GetProperty("task_id").GetInt64() == taskId
        && message.Json.GetProperty("status").GetString() == status;
}
