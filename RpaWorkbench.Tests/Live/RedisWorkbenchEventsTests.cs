using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Live;
using RpaWorkbench.Core.Redis;
using RpaWorkbench.Shared;
using RpaWorkbench.Tests.Infrastructure;
using StackExchange.Redis;

namespace RpaWorkbench.Tests.Live;

/// <summary>
/// Two instances' event streams, each with its own connection to a real redis-server on loopback: what one publishes
/// reaches the pages of both, once each; without Redis an instance's own pages still hear of its changes.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class RedisWorkbenchEventsTests(RedisServerFixture redis) : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _owned = [];

    // Each test on its own channel, so tests sharing the server do not hear each other.
    private readonly RedisOptions _options = new() { Prefix = "test-" + Guid.NewGuid().ToString("N"), StartTimeout = TimeSpan.FromSeconds(5) };

    [Fact]
    public async Task PublishedOnA_ArrivesOnceAtAAndOnceAtB()
    {
        var a = Instance(redis.Server);
        var b = Instance(redis.Server);
        using var onA = new LiveEventRecorder(a);
        using var onB = new LiveEventRecorder(b);
        var first = new LogCreated(41, "tygj001", "订单同步", ExecutionStatus.Failed);

        a.Publish([first, new AccountChanged(7)]);

        Assert.Equal(1, await onA.WaitForAsync(first));
        Assert.Equal(1, await onB.WaitForAsync(first));
        Assert.Equal(1, await onB.WaitForAsync(new AccountChanged(7)));

        // A second round trip through Redis: a duplicate of the first, local or relayed, would have arrived by now.
        var second = new TaskChanged(9);
        a.Publish([second]);
        Assert.Equal(1, await onA.WaitForAsync(second));
        Assert.Equal(1, await onB.WaitForAsync(second));
        Assert.Equal((1, 1), (onA.Count(first), onB.Count(first)));
    }

    [Fact]
    public async Task RedisGoneAfterStart_PublishDoesNotThrow_LocalPagesStillHear_AndRedisBackReconnects()
    {
        await using var own = await RedisServer.StartAsync();
        var logs = new CapturingLoggerProvider();
        var a = Instance(own, logs);
        var b = Instance(own);
        using var onA = new LiveEventRecorder(a);
        using var onB = new LiveEventRecorder(b);

        await own.StopAsync();
        var duringOutage = new AccountChanged(1);
        a.Publish([duringOutage]);

        Assert.Equal(1, await onA.WaitForAsync(duringOutage));
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("only this instance's pages", StringComparison.Ordinal));

        await own.RestartAsync();
        await WaitUntilEventsCrossAsync(a, onB);
        var afterwards = new TaskChanged(2);
        a.Publish([afterwards]);
        Assert.Equal(1, await onB.WaitForAsync(afterwards));
        Assert.Equal(1, await onA.WaitForAsync(afterwards));
        // Had the outage's event been kept and sent on reconnecting, it would have reached B before the events sent after
        // the reconnection, which B has now heard. It went to A's pages only, once.
        Assert.Equal((1, 0), (onA.Count(duringOutage), onB.Count(duringOutage)));
    }

    [Fact]
    public void EveryEventType_RoundTripsThroughItsCompactJson()
    {
        WorkbenchEvent[] events = [new AccountChanged(1), new TaskChanged(2), new LogCreated(3, "tygj003", "云仓收藏", ExecutionStatus.TimedOut)];

        var json = WorkbenchEventJson.Serialize(events);

        Assert.Equal(events, WorkbenchEventJson.Deserialize(json));
        Assert.Contains("\"t\":\"log\"", System.Text.Encoding.UTF8.GetString(json), StringComparison.Ordinal);
    }

    [Fact]
    public void RedisNotAnswering_StartFailsWithAnErrorNamingTheSetting()
    {
        var unreachable = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"127.0.0.1:{LocalMachine.FreeLoopbackPort()}");
        var options = new RedisOptions { StartTimeout = TimeSpan.FromSeconds(1) };

        var error = Assert.Throws<InvalidOperationException>(() => RedisConnector.Connect(unreachable + ",password=never-shown", options, NullLogger.Instance));

        Assert.Contains("ConnectionStrings:Redis", error.Message, StringComparison.Ordinal);
        Assert.Contains(unreachable, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("never-shown", error.Message, StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var owned in _owned)
        {
            await owned.DisposeAsync();
        }
    }

    private RedisWorkbenchEvents Instance(RedisServer server, ILoggerProvider? logs = null)
    {
        var loggers = LoggerFactory.Create(b => b.AddProvider(logs ?? NullLoggerProvider.Instance));
        var connection = RedisConnector.Connect(server.ConnectionString, _options, loggers.CreateLogger("redis"));
        var events = new RedisWorkbenchEvents(connection, new InProcessWorkbenchEvents(TestMetrics.Create(), loggers.CreateLogger<InProcessWorkbenchEvents>()),
            Options.Create(_options), loggers.CreateLogger<RedisWorkbenchEvents>());
        _owned.Add(new Owned(events, connection, loggers));
        return events;
    }

    // The client reconnects on its own schedule; until then publishing falls back to this instance only.
    private static async Task WaitUntilEventsCrossAsync(RedisWorkbenchEvents events, LiveEventRecorder otherInstance)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        for (var probe = 1_000; otherInstance.Heard.IsEmpty && DateTime.UtcNow < deadline; probe++)
        {
            events.Publish([new AccountChanged(probe)]);
            await Task.Delay(250);
        }

        Assert.False(otherInstance.Heard.IsEmpty, "Events did not cross instances again after Redis came back.");
    }

    private sealed class Owned(RedisWorkbenchEvents events, IConnectionMultiplexer connection, ILoggerFactory loggers) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            events.Dispose();
            await connection.DisposeAsync();
            loggers.Dispose();
        }
    }
}
