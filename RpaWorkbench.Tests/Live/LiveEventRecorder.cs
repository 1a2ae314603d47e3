using System.Collections.Concurrent;
using RpaWorkbench.Core.Live;

namespace RpaWorkbench.Tests.Live;

/// <summary>A subscriber that keeps every event it hears, and waits for the ones a test expects.</summary>
public sealed class LiveEventRecorder : IDisposable
{
    private readonly IDisposable _subscription;

    public LiveEventRecorder(IWorkbenchEvents events) => _subscription = events.Subscribe(batch =>
    {
        foreach (var e in batch)
        {
            Heard.Enqueue(e);
        }

        return Task.CompletedTask;
    });

    public ConcurrentQueue<WorkbenchEvent> Heard { get; } = new();

    public int Count(WorkbenchEvent e) => Heard.Count(h => h == e);

    /// <summary>Waits until <paramref name="e"/> has been heard (at most 10 s), then returns how often.</summary>
    public async Task<int> WaitForAsync(WorkbenchEvent e)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Count(e) == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        return Count(e);
    }

    public void Dispose() => _subscription.Dispose();
}
