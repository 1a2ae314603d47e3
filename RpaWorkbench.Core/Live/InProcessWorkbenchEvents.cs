using System.Collections.Immutable;
using RpaWorkbench.Core.Diagnostics;

namespace RpaWorkbench.Core.Live;

/// <summary>
/// The event stream inside one process. Publishing never waits for subscribers, so a slow page cannot slow ingest;
/// a failing subscriber is logged and does not affect the others.
/// </summary>
internal sealed class InProcessWorkbenchEvents(WorkbenchMetrics metrics, ILogger<InProcessWorkbenchEvents> logger) : IWorkbenchEvents
{
    private ImmutableArray<Func<IReadOnlyList<WorkbenchEvent>, Task>> _subscribers = [];

    public void Publish(IReadOnlyList<WorkbenchEvent> events)
    {
        if (events.Count == 0)
        {
            return;
        }

        var subscribers = _subscribers;
        foreach (var subscriber in subscribers)
        {
            _ = DeliverAsync(subscriber, events);
        }

        metrics.EventsDelivered(subscribers.Length);
    }

    public IDisposable Subscribe(Func<IReadOnlyList<WorkbenchEvent>, Task> handler)
    {
        ImmutableInterlocked.Update(ref _subscribers, list => list.Add(handler));
        metrics.SubscriberAdded();
        return new Subscription(() =>
        {
            ImmutableInterlocked.Update(ref _subscribers, list => list.Remove(handler));
            metrics.SubscriberRemoved();
        });
    }

    private async Task DeliverAsync(Func<IReadOnlyList<WorkbenchEvent>, Task> subscriber, IReadOnlyList<WorkbenchEvent> events)
    {
        try
        {
            await Task.Yield();
            await subscriber(events);
        }
#pragma warning disable CA1031 // one broken page must not stop the others from hearing about changes
        catch (Exception ex)
#pragma warning restore CA1031
        {
            logger.LogWarning(ex, "A live-event subscriber failed");
        }
    }

    private sealed class Subscription(Action unsubscribe) : IDisposable
    {
        private Action? _unsubscribe = unsubscribe;

        public void Dispose() => Interlocked.Exchange(ref _unsubscribe, null)?.Invoke();
    }
}
