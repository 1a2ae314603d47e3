using System.Net;
using System.Text.Json;
using RpaWorkbench.Tests.Infrastructure;
using RpaWorkbench.Tests.Webhooks;

namespace RpaWorkbench.Tests.Events;

/// <summary>
/// <c>GET /api/v1/events</c> (and the seed's <c>/api/v1/sse/events</c>) read by a real HTTP client on a real Kestrel
/// port: a robot's callback reaches the stream as account, task and run events with the rows' fields.
/// </summary>
public sealed class EventStreamTests(EventStreamHost host) : IClassFixture<EventStreamHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Stream_WebhookCallback_SendsAccountTaskAndLogEventsWithTheirRows()
    {
        var robot = WebhookPayloads.NewAccount();
        var (accountId, taskId) = await EventStreamHost.AddRobotAsync(host.App, robot);
        await using var stream = await host.OpenAsync();

        Assert.Equal(HttpStatusCode.OK, stream.Response.StatusCode);
        Assert.Equal("text/event-stream", stream.Response.Content.Headers.ContentType?.MediaType);
        Assert.True(stream.Response.Headers.CacheControl?.NoStore);
        Assert.Equal("3000", (await stream.NextAsync()).Retry);

        await EventStreamHost.PostCompletionAsync(host.App, robot);
        var messages = await stream.UntilAsync(m => m.Event == "log_created" && m.Json.GetProperty("shadow_bot_account").GetString() == robot);

        var account = messages.Last(m => m.Event == "account_updated" && m.Json.GetProperty("account_id").GetInt64() == accountId).Json;
        Assert.Equal(robot, account.GetProperty("shadow_bot_account").GetString());
        Assert.Equal("completed", account.GetProperty("status").GetString());
        Assert.Equal("云仓收藏", account.GetProperty("recent_app").GetString());
        Assert.False(account.GetProperty("deleted").GetBoolean());

        var task = messages.Last(m => m.Event == "task_updated" && m.Json.GetProperty("task_id").GetInt64() == taskId).Json;
        Assert.Equal("收藏同步", task.GetProperty("task_name").GetString());
        Assert.Equal(accountId, task.GetProperty("account_id").GetInt64());
        Assert.Equal("pending", task.GetProperty("status").GetString());
        // The seed payload's start, 2026-01-27 10:00:00 in Asia/Shanghai.
        Assert.Equal("2026-01-27T02:00:00Z", task.GetProperty("last_run_time").GetString());

        var log = messages[^1].Json;
        Assert.Equal("云仓收藏", log.GetProperty("app_name").GetString());
        Assert.Equal("completed", log.GetProperty("status").GetString());
        Assert.Equal(taskId, log.GetProperty("task_id").GetInt64());
        Assert.Equal(accountId, log.GetProperty("account_id").GetInt64());
        Assert.Equal(50, log.GetProperty("total_items").GetInt32());
        Assert.Equal(48, log.GetProperty("success_items").GetInt32());
        Assert.Equal(2, log.GetProperty("failed_items").GetInt32());
        Assert.Equal(1800, log.GetProperty("duration_seconds").GetDouble());
        Assert.Equal("https://bucket.oss-cn-hangzhou.aliyuncs.com/run/123/screenshot.png", log.GetProperty("screenshot_url").GetString());

        // Every event has an id, each one later than the one before.
        var events = messages.Where(m => m.Event is not null).ToList();
        Assert.All(events, m => Assert.Matches("^[0-9a-f]+-[0-9]+$", m.Id));
        var numbers = events.Select(m => long.Parse(m.Id!.Split('-')[1], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(numbers.Order(), numbers);
        Assert.Equal(numbers.Count, numbers.Distinct().Count());
    }

    [Fact]
    public async Task Stream_AccountFilter_SendsOnlyThatAccountsEvents()
    {
        var (watched, other) = (WebhookPayloads.NewAccount(), WebhookPayloads.NewAccount());
        var (watchedId, _) = await EventStreamHost.AddRobotAsync(host.App, watched);
        await EventStreamHost.AddRobotAsync(host.App, other);
        await using var byName = await host.OpenAsync($"/api/v1/events?account={watched}");
        await using var byId = await host.OpenAsync($"/api/v1/sse/events?account_id={watchedId}");
        await byName.NextAsync();
        await byId.NextAsync();

        await EventStreamHost.PostCompletionAsync(host.App, other);
        await EventStreamHost.PostCompletionAsync(host.App, watched);

        foreach (var stream in new[] { byName, byId })
        {
            var messages = await stream.UntilAsync(m => m.Event == "log_created");
            // The robot's own earlier changes (its creation) may come first; nothing of the other robot comes at all.
            Assert.Contains(messages, m => m.Event == "account_updated");
            Assert.Contains(messages, m => m.Event == "task_updated");
            Assert.All(messages.Where(m => m.Event is not null), m => Assert.Equal(watched, m.Json.GetProperty("shadow_bot_account").GetString()));
        }
    }

    [Theory]
    [InlineData("/api/v1/events?account=", null, "account")]
    [InlineData("/api/v1/events?account=%01bot", null, "account")]
    [InlineData("/api/v1/sse/events?account_id=abc", null, "account_id")]
    [InlineData("/api/v1/sse/events?account_id=-3", null, "account_id")]
    [InlineData("/api/v1/events", "not an id", "Last-Event-ID")]
    [InlineData("/api/v1/events", "ab-99999999999999999999999", "Last-Event-ID")]
    public async Task Stream_BadInput_Returns400NamingTheField(string path, string? lastEventId, string field)
    {
        await using var stream = await SseClient.OpenAsync(host.BaseUrl, path, await host.App.ViewerKeyAsync(), lastEventId);

        Assert.Equal(HttpStatusCode.BadRequest, stream.Response.StatusCode);
        Assert.Equal("application/problem+json", stream.Response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await stream.ReadToEndAsync());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Theory]
    [InlineData("/api/v1/events")]
    [InlineData("/api/v1/sse/events")]
    [InlineData("/api/v1/sse/status")]
    public async Task Stream_RobotKey_Returns403(string path)
    {
        // A robot key posts callbacks and reads its config; reading every robot's activity is a viewer's.
        await using var stream = await SseClient.OpenAsync(host.BaseUrl, path, WebhookAppFactory.Key);

        Assert.Equal(HttpStatusCode.Forbidden, stream.Response.StatusCode);
    }

    [Theory]
    [InlineData("/api/v1/events")]
    [InlineData("/api/v1/sse/events")]
    [InlineData("/api/v1/sse/status")]
    public async Task Stream_WithoutKey_Returns401(string path)
    {
        await using var stream = await SseClient.OpenAsync(host.BaseUrl, path, apiKey: null);

        Assert.Equal(HttpStatusCode.Unauthorized, stream.Response.StatusCode);
        Assert.Equal("application/problem+json", stream.Response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Status_ReportsConnectionsWindowAndHeartbeat()
    {
        await using var stream = await host.OpenAsync();
        await stream.NextAsync();
        using var client = new HttpClient { BaseAddress = host.BaseUrl };
        client.DefaultRequestHeaders.Add("X-Api-Key", await host.App.ViewerKeyAsync());

        using var status = JsonDocument.Parse(await client.GetStringAsync("/api/v1/sse/status", Ct));

        Assert.Equal("ok", status.RootElement.GetProperty("status").GetString());
        Assert.True(status.RootElement.GetProperty("connections").GetInt32() >= 1);
        Assert.Equal(1000, status.RootElement.GetProperty("window").GetInt32());
        Assert.Equal(30, status.RootElement.GetProperty("heartbeat_seconds").GetInt32());
    }
}
