using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RpaWorkbench.Core.Live;
using RpaWorkbench.Tests.Infrastructure;
using RpaWorkbench.Tests.Webhooks;

namespace RpaWorkbench.Tests.Events;

/// <summary>
/// Resuming with <c>Last-Event-ID</c>: within the window (the last 1,000 events of the instance) the missed events come
/// again with their ids; beyond it, or after events no client was there to hear, an <c>event: reset</c> says to re-read.
/// </summary>
public sealed class EventStreamResumeTests : IAsyncLifetime
{
    private readonly EventStreamHost _host = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task Resume_WithinWindow_SendsTheMissedEventsWithTheirIds()
    {
        var robot = WebhookPayloads.NewAccount();
        await EventStreamHost.AddRobotAsync(_host.App, robot);
        await using var watcher = await _host.OpenAsync();
        await watcher.NextAsync();
        await EventStreamHost.PostCompletionAsync(_host.App, robot);
        var lastSeen = (await watcher.UntilAsync(IsLogOf(robot)))[^1].Id!;

        await EventStreamHost.PostCompletionAsync(_host.App, robot);
        var missed = (await watcher.UntilAsync(IsLogOf(robot))).Where(m => m.Event is not null).ToList();
        await using var resumed = await _host.OpenAsync(lastEventId: lastSeen);
        Assert.Equal("3000", (await resumed.NextAsync()).Retry);
        var again = await resumed.UntilAsync(IsLogOf(robot));

        Assert.Equal(missed.Select(m => (m.Id, m.Event, m.Data)), again.Select(m => (m.Id, m.Event, m.Data)));
    }

    [Fact]
    public async Task Resume_MoreThanAThousandEventsLater_SendsReset()
    {
        var robot = WebhookPayloads.NewAccount();
        await EventStreamHost.AddRobotAsync(_host.App, robot);
        // Filtered to the robot, so the thousand events below do not pile up in its backlog.
        await using var watcher = await _host.OpenAsync($"/api/v1/events?account={robot}");
        await watcher.NextAsync();
        await EventStreamHost.PostCompletionAsync(_host.App, robot);
        var lastSeen = (await watcher.UntilAsync(IsLogOf(robot)))[^1].Id!;

        // 1,001 events for accounts that do not exist (sent as deleted), numbered once the status shows them.
        _host.App.Services.GetRequiredService<IWorkbenchEvents>().Publish([.. Enumerable.Range(1, 1001).Select(i => new AccountChanged(900_000 + i))]);
        await WaitForStatusAsync(s => Number(s.last_event_id) >= Number(lastSeen) + 1001, "the 1,001 events to be numbered");
        await using var resumed = await _host.OpenAsync(lastEventId: lastSeen);
        await resumed.NextAsync();

        var reset = await resumed.NextAsync();
        Assert.Equal("reset", reset.Event);
        Assert.Equal(reset.Id, reset.Json.GetProperty("last_event_id").GetString());
    }

    [Fact]
    public async Task Resume_AfterClientLeftAndEventsNoClientHeard_SendsResetAndThenNewEvents()
    {
        var robot = WebhookPayloads.NewAccount();
        await EventStreamHost.AddRobotAsync(_host.App, robot);
        string lastSeen;
        await using (var first = await _host.OpenAsync())
        {
            await first.NextAsync();
            await EventStreamHost.PostCompletionAsync(_host.App, robot);
            lastSeen = (await first.UntilAsync(IsLogOf(robot)))[^1].Id!;
        }

        await WaitForNoConnectionsAsync();
        // The client going away simply ended its stream.
        Assert.DoesNotContain(_host.Logs.Entries, e => e.Level >= LogLevel.Error || e.Exception is not null);
        await EventStreamHost.PostCompletionAsync(_host.App, robot);
        await using var resumed = await _host.OpenAsync(lastEventId: lastSeen);
        await resumed.NextAsync();

        Assert.Equal("reset", (await resumed.NextAsync()).Event);
        await EventStreamHost.PostCompletionAsync(_host.App, robot);
        Assert.Equal("log_created", (await resumed.UntilAsync(IsLogOf(robot)))[^1].Event);
    }

    [Fact]
    public async Task Resume_IdOfAnotherInstance_SendsReset()
    {
        await using var resumed = await _host.OpenAsync(lastEventId: "0badc0de-12");
        await resumed.NextAsync();

        Assert.Equal("reset", (await resumed.NextAsync()).Event);
    }

    private static Func<SseMessage, bool> IsLogOf(string robot) =>
        m => m.Event == "log_created" && m.Json.GetProperty("shadow_bot_account").GetString() == robot;

    // The server sees the closed connection on its own time; its status says when.
    private Task WaitForNoConnectionsAsync() => WaitForStatusAsync(s => s.connections == 0, "the closed stream to be let go");

    private async Task WaitForStatusAsync(Func<Status, bool> reached, string what)
    {
        using var client = new HttpClient { BaseAddress = _host.BaseUrl };
        client.DefaultRequestHeaders.Add("X-Api-Key", await _host.App.ViewerKeyAsync());
        var giveUp = DateTime.UtcNow.AddSeconds(20);
        while (!reached((await client.GetFromJsonAsync<Status>("/api/v1/sse/status", Ct))!))
        {
            Assert.True(DateTime.UtcNow < giveUp, $"Gave up after 20 s waiting for {what}.");
            await Task.Delay(50, Ct);
        }
    }

    private static long Number(string id) => long.Parse(id[(id.LastIndexOf('-') + 1)..], System.Globalization.CultureInfo.InvariantCulture);

#pragma warning disable IDE1006, SA1300 // the status's own snake_case field
    private sealed record Status(int connections, string last_event_id);
#pragma warning restore IDE1006, SA1300
}
