using RpaWorkbench.Core.Diagnostics;

namespace RpaWorkbench.Core.Live;

/// <summary>
/// The event stream as writers see it, counting what this instance publishes (<see cref="WorkbenchMetrics.EventsPublished"/>):
/// counted here, where a change is published once, and not where it arrives, which with Redis is every instance.
/// </summary>
internal sealed class MeteredWorkbenchEvents(IWorkbenchEvents inner, WorkbenchMetrics metrics) : IWorkbenchEvents
{
    public void Publish(IReadOnlyList<WorkbenchEvent> events)
    {
        metrics.EventsPublished(events);
        inner.Publish(events);
    }

    public IDisposable Subscribe(Func<IReadOnlyList<WorkbenchEvent>, Task> handler) => inner.Subscribe(handler);
}
