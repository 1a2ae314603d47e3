using RpaWorkbench.Core.Redis;
using StackExchange.Redis;

namespace RpaWorkbench.Core.Live;

/// <summary>
/// The event stream shared by every instance through Redis pub/sub (<see cref="RedisOptions.EventsChannel"/>). A
/// publish goes to Redis only, and each instance, this one included, hands what arrives on the channel to its own
/// subscribers, so every page hears each event once. Publishing happens after commit and is best-effort: when Redis
/// cannot take the message (connection lost, nobody listening), the events go to this instance's pages directly and a
/// warning is logged; the change itself is already saved and other instances' pages catch up on their next reload.
/// </summary>
internal sealed class RedisWorkbenchEvents : IWorkbenchEvents, IDisposable
{
    private readonly InProcessWorkbenchEvents _local;
    private readonly ISubscriber _redis;
    private readonly RedisChannel _channel;
    private readonly ILogger<RedisWorkbenchEvents> _logger;

    public RedisWorkbenchEvents(IConnectionMultiplexer redis, InProcessWorkbenchEvents local, IOptions<RedisOptions> options, ILogger<RedisWorkbenchEvents> logger)
    {
        _local = local;
        _logger = logger;
        _channel = RedisChannel.Literal(options.Value.EventsChannel);
        _redis = redis.GetSubscriber();
        _redis.Subscribe(_channel, OnMessage);
    }

    public void Publish(IReadOnlyList<WorkbenchEvent> events)
    {
        if (events.Count > 0)
        {
            _ = PublishAsync(events);
        }
    }

    public IDisposable Subscribe(Func<IReadOnlyList<WorkbenchEvent>, Task> handler) => _local.Subscribe(handler);

    public void Dispose()
    {
        try
        {
            _redis.Unsubscribe(_channel, OnMessage, CommandFlags.FireAndForget);
        }
        catch (Exception ex) when (ex is RedisException or ObjectDisposedException)
        {
            // Shutting down without Redis: the server drops the subscription with the connection.
        }
    }

    private async Task PublishAsync(IReadOnlyList<WorkbenchEvent> events)
    {
        long receivers;
        try
        {
            receivers = await _redis.PublishAsync(_channel, WorkbenchEventJson.Serialize(events));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            _logger.LogWarning(ex, "Could not publish {Count} live event(s) to Redis; only this instance's pages hear of them", events.Count);
            _local.Publish(events);
            return;
        }

        if (receivers == 0)
        {
            // Not even this instance's own subscription got it (it is re-subscribing after a reconnect).
            _logger.LogWarning("No instance was listening on Redis for {Count} live event(s); this instance's pages hear of them directly", events.Count);
            _local.Publish(events);
        }
    }

    private void OnMessage(RedisChannel channel, RedisValue message)
    {
        try
        {
            _local.Publish(WorkbenchEventJson.Deserialize(((ReadOnlyMemory<byte>)message).Span));
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or NotSupportedException)
        {
            // Another version of the Workbench on the same channel; its pages still refresh on their own events.
            _logger.LogWarning(ex, "Ignored a live-event message from Redis that this version cannot read");
        }
    }
}
