using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Events;

/// <summary>The heartbeat every 30 s on the host's clock: a comment on <c>/api/v1/events</c>, the seed's <c>event: heartbeat</c> on <c>/api/v1/sse/events</c>.</summary>
public sealed class EventStreamHeartbeatTests : IAsyncDisposable
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(30);
    private readonly TestClock _clock = new(new DateTimeOffset(2026, 12, 6, 1, 0, 0, TimeSpan.Zero));
    private readonly KestrelWorkbenchFactory _app;

    public EventStreamHeartbeatTests() =>
        _app = new KestrelWorkbenchFactory(new Dictionary<string, string>(), testServices: s => s.AddSingleton<TimeProvider>(_clock));

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Heartbeat_ThirtySecondsOnTheClock_ReachesBothStreams()
    {
        await using var stream = await SseClient.OpenAsync(_app.BaseUrl, "/api/v1/events", await _app.ViewerKeyAsync());
        await using var seed = await SseClient.OpenAsync(_app.BaseUrl, "/api/v1/sse/events", await _app.ViewerKeyAsync());
        await stream.NextAsync();
        await seed.NextAsync();
        await _clock.WaitForTimerAsync(0, t => t.Period == Heartbeat, "the stream's heartbeat timer");

        _clock.Advance(Heartbeat);

        Assert.Equal("heartbeat 2026-12-06T01:00:30.0000000Z", (await stream.NextAsync()).Comment);
        var seedHeartbeat = await seed.NextAsync();
        Assert.Equal("heartbeat", seedHeartbeat.Event);
        Assert.Equal("2026-12-06T01:00:30.0000000Z", seedHeartbeat.Json.GetProperty("time").GetString());
    }
}
