using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Threading.Channels;
using RpaWorkbench.Core.Live;

namespace RpaWorkbench.Web.Features.Events;

/// <summary>
/// The public event stream of this instance: one subscription to the Core event stream (in-process or Redis), whose
/// events are read into rows once (<see cref="StreamedEvents"/>), numbered, kept in a window of the last
/// <see cref="WindowSize"/> for resuming, and handed to every connected client whose filter matches. A heartbeat
/// goes to every client each <see cref="HeartbeatInterval"/> on the host's clock.
/// </summary>
/// <remarks>
/// Ids are <c>&lt;instance&gt;-&lt;number&gt;</c>: the numbers are this instance's own, so an id from another instance
/// or an earlier run of this one cannot be resumed here and gets a <c>reset</c>, as does one older than the window.
/// While no client is connected nothing is read; the events are counted as a gap that no id can resume across.
/// </remarks>
public sealed class EventStreamHub : IDisposable
{
    /// <summary>How many of the latest events a client may resume from with <c>Last-Event-ID</c>.</summary>
    public const int WindowSize = 1000;

    /// <summary>Frames a client may fall behind by before it is disconnected (it then resumes or gets a reset).</summary>
    public const int ClientBacklog = 1000;

    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(30);

    private readonly Lock _gate = new();
    private readonly Queue<SentEvent> _window = new();
    private readonly List<EventStreamClient> _clients = [];
    private readonly string _instance = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
    private readonly StreamedEvents _reader;
    private readonly TimeProvider _time;
    private readonly ILogger<EventStreamHub> _logger;
    private readonly IDisposable _subscription;
    private readonly ITimer _heartbeat;
    private long _lastNumber;
    private long _resumableFrom;

    public EventStreamHub(IWorkbenchEvents events, StreamedEvents reader, TimeProvider time, ILogger<EventStreamHub> logger)
    {
        _reader = reader;
        _time = time;
        _logger = logger;
        _subscription = events.Subscribe(OnEventsAsync);
        _heartbeat = time.CreateTimer(_ => SendHeartbeat(), null, HeartbeatInterval, HeartbeatInterval);
    }

    /// <summary>What <c>/api/v1/sse/status</c> reports.</summary>
    public EventStreamStatus Status()
    {
        lock (_gate)
        {
            return new EventStreamStatus("ok", _clients.Count, Id(_lastNumber), _window.Count, WindowSize, (int)HeartbeatInterval.TotalSeconds);
        }
    }

    /// <summary>
    /// A new client: first the events after <paramref name="lastEventId"/> that match its filter (or a reset when they
    /// cannot be told), then every new match. Dispose it when the connection ends.
    /// </summary>
    public EventStreamClient Connect(EventStreamFilter filter, EventStreamId? lastEventId, bool heartbeatAsEvent)
    {
        lock (_gate)
        {
            var client = new EventStreamClient(this, filter, heartbeatAsEvent);
            if (lastEventId is { } seen)
            {
                if (seen.Instance != _instance || seen.Number > _lastNumber || seen.Number < _resumableFrom)
                {
                    client.Offer(ResetFrame("Last-Event-ID is not among this instance's recent events; read the current state again."));
                }
                else
                {
                    foreach (var sent in _window.Where(s => s.Number > seen.Number && filter.Matches(s.Event)))
                    {
                        client.Offer(sent.Frame);
                    }
                }
            }

            _clients.Add(client);
            return client;
        }
    }

    public void Dispose()
    {
        _subscription.Dispose();
        _heartbeat.Dispose();
    }

    internal void Disconnect(EventStreamClient client)
    {
        lock (_gate)
        {
            _clients.Remove(client);
        }
    }

    private async Task OnEventsAsync(IReadOnlyList<WorkbenchEvent> events)
    {
        lock (_gate)
        {
            if (_clients.Count == 0)
            {
                Gap();
                return;
            }
        }

        IReadOnlyList<StreamedEvent> streamed;
        try
        {
            streamed = await _reader.ReadAsync(events, CancellationToken.None);
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException or TimeoutException)
        {
            _logger.LogWarning(ex, "Could not read the rows of {Count} live event(s); stream clients are told to read the state again", events.Count);
            lock (_gate)
            {
                Gap();
                Broadcast(ResetFrame("Some events could not be read; read the current state again."), _ => true);
            }

            return;
        }

        lock (_gate)
        {
            foreach (var streamedEvent in streamed)
            {
                var number = ++_lastNumber;
                var sent = new SentEvent(number, streamedEvent, Frame(Id(number), streamedEvent.Type, streamedEvent.Data));
                _window.Enqueue(sent);
                if (_window.Count > WindowSize)
                {
                    _resumableFrom = _window.Dequeue().Number;
                }

                Broadcast(sent.Frame, c => c.Filter.Matches(streamedEvent));
            }
        }
    }

    // Events went by unsent: no earlier id may resume across them.
    private void Gap()
    {
        _resumableFrom = ++_lastNumber;
        _window.Clear();
    }

    private void Broadcast(string frame, Func<EventStreamClient, bool> to)
    {
        foreach (var client in _clients.Where(to).ToList())
        {
            if (!client.Offer(frame))
            {
                // Too far behind: it is dropped rather than slowing the others; it comes back with its Last-Event-ID.
                _clients.Remove(client);
                client.Overflowed();
            }
        }
    }

    private void SendHeartbeat()
    {
        var time = _time.GetUtcNow().UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
        var comment = $": heartbeat {time}\n\n";
        var seedEvent = Frame(null, "heartbeat", JsonSerializer.Serialize(new Dictionary<string, string> { ["time"] = time }));
        lock (_gate)
        {
            foreach (var client in _clients)
            {
                // A client already behind needs no heartbeat to keep its connection busy.
                client.Offer(client.HeartbeatAsEvent ? seedEvent : comment);
            }
        }
    }

    private string ResetFrame(string reason)
    {
        var id = Id(_lastNumber);
        return Frame(id, "reset", JsonSerializer.Serialize(new Dictionary<string, string> { ["reason"] = reason, ["last_event_id"] = id }));
    }

    private string Id(long number) => EventStreamId.Format(_instance, number);

    private static string Frame(string? id, string type, string data) =>
        id is null ? $"event: {type}\ndata: {data}\n\n" : $"id: {id}\nevent: {type}\ndata: {data}\n\n";

    private sealed record SentEvent(long Number, StreamedEvent Event, string Frame);
}

/// <summary>What <c>GET /api/v1/sse/status</c> answers.</summary>
public sealed record EventStreamStatus(string Status, int Connections, string LastEventId, int BufferedEvents, int Window, int HeartbeatSeconds);

/// <summary>One connected stream: the frames waiting to be written to it.</summary>
public sealed class EventStreamClient : IDisposable
{
    private readonly EventStreamHub _hub;
    private readonly Channel<string> _frames = Channel.CreateBounded<string>(
        new BoundedChannelOptions(EventStreamHub.ClientBacklog) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    internal EventStreamClient(EventStreamHub hub, EventStreamFilter filter, bool heartbeatAsEvent)
    {
        _hub = hub;
        Filter = filter;
        HeartbeatAsEvent = heartbeatAsEvent;
    }

    public EventStreamFilter Filter { get; }

    /// <summary>The seed's routes sent the heartbeat as an <c>event: heartbeat</c>; the new one sends a comment.</summary>
    public bool HeartbeatAsEvent { get; }

    public ChannelReader<string> Frames => _frames.Reader;

    public void Dispose() => _hub.Disconnect(this);

    internal bool Offer(string frame) => _frames.Writer.TryWrite(frame);

    internal void Overflowed() => _frames.Writer.TryComplete();
}
