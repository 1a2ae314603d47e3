namespace RpaWorkbench.Core.Live;

/// <summary>The live event stream: writers publish after commit, pages subscribe for as long as they are open.</summary>
public interface IWorkbenchEvents
{
    /// <summary>Delivers the events to every subscriber without waiting for them.</summary>
    void Publish(IReadOnlyList<WorkbenchEvent> events);

    /// <summary>Calls <paramref name="handler"/> for each published batch until the returned handle is disposed.</summary>
    IDisposable Subscribe(Func<IReadOnlyList<WorkbenchEvent>, Task> handler);
}
