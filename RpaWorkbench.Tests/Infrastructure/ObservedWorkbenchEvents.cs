using Microsoft.Extensions.Logging.Abstractions;
using RpaWorkbench.Core.Live;

namespace RpaWorkbench.Tests.Infrastructure;

/// <summary>
/// The in-process event stream, able to tell a test when every subscriber has handled what it published: the positive
/// signal that a page has heard an event and decided what to do about it, where waiting a while would only guess.
/// </summary>
public sealed class ObservedWorkbenchEvents : IWorkbenchEvents
{
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(30);

    private readonly InProcessWorkbenchEvents _inner = new(TestMetrics.Create(), NullLogger<InProcessWorkbenchEvents>.Instance);
    private readonly Dictionary<IReadOnlyList<WorkbenchEvent>, (int Left, TaskCompletionSource Done)> _waiting = new(ReferenceEqualityComparer.Instance);
    private int _subscribers;

    /// <summary>How many subscribers are listening now.</summary>
    public int Subscribers => Volatile.Read(ref _subscribers);

    public void Publish(IReadOnlyList<WorkbenchEvent> events) => _inner.Publish(events);

    /// <summary>Publishes <paramref name="events"/> and returns once every current subscriber's handler has returned.</summary>
    public async Task PublishAndWaitAsync(IReadOnlyList<WorkbenchEvent> events)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waiting)
        {
            var listening = Subscribers;
            if (listening > 0)
            {
                _waiting[events] = (listening, done);
            }
            else
            {
                done.SetResult();
            }
        }

        _inner.Publish(events);
        await done.Task.WaitAsync(GiveUpAfter);
    }

    public IDisposable Subscribe(Func<IReadOnlyList<WorkbenchEvent>, Task> handler)
    {
        Interlocked.Increment(ref _subscribers);
        var subscription = _inner.Subscribe(async events =>
        {
            try
            {
                await handler(events);
            }
            finally
            {
                Handled(events);
            }
        });
        return new Unsubscribe(() =>
        {
            subscription.Dispose();
            Interlocked.Decrement(ref _subscribers);
        });
    }

    private void Handled(IReadOnlyList<WorkbenchEvent> events)
    {
        lock (_waiting)
        {
            if (_waiting.TryGetValue(events, out var waiting))
            {
                _waiting[events] = waiting with { Left = waiting.Left - 1 };
                if (waiting.Left == 1)
                {
                    _waiting.Remove(events);
                    waiting.Done.SetResult();
                }
            }
        }
    }

    private sealed class Unsubscribe(Action dispose) : IDisposable
    {
        private Action? _dispose = dispose;

        public void Dispose() => Interlocked.Exchange(ref _dispose, null)?.Invoke();
    }
}
