using RpaWorkbench.Core.Live;

namespace RpaWorkbench.Web.Components.Shared;

/// <summary>
/// Turns a burst of live events into at most one refresh per <c>interval</c> (1,000 callbacks a second must not mean
/// 1,000 re-renders), and also refreshes every <c>period</c> so time-derived state (online → offline) ages without
/// events. The first event after a quiet spell refreshes at once. The refresh runs in the culture of the page that
/// created it: events arrive in their publisher's culture (the ingest's, the server's default), and a page re-rendered
/// in it would switch to English under a Chinese operator.
/// </summary>
public sealed class LiveRefresh : IAsyncDisposable
{
    private readonly Func<Task> _refresh;
    private readonly Func<IReadOnlyList<WorkbenchEvent>, bool> _relevant;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _clock;
    private readonly IDisposable _subscription;
    private readonly ITimer _periodic;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private readonly CultureInfo _culture = CultureInfo.CurrentCulture;
    private readonly CultureInfo _uiCulture = CultureInfo.CurrentUICulture;
    private DateTimeOffset _lastRun = DateTimeOffset.MinValue;
    private bool _scheduled;

    public LiveRefresh(
        IWorkbenchEvents events,
        Func<IReadOnlyList<WorkbenchEvent>, bool> relevant,
        Func<Task> refresh,
        TimeProvider clock,
        TimeSpan interval,
        TimeSpan period)
    {
        _refresh = refresh;
        _relevant = relevant;
        _interval = interval;
        _clock = clock;
        _subscription = events.Subscribe(OnEventsAsync);
        _periodic = clock.CreateTimer(_ => Request(), null, period, period);
    }

    /// <summary>Asks for a refresh; coalesced with any already scheduled.</summary>
    public void Request()
    {
        TimeSpan wait;
        lock (_gate)
        {
            if (_scheduled)
            {
                return;
            }

            _scheduled = true;
            var sinceLast = _clock.GetUtcNow() - _lastRun;
            wait = sinceLast >= _interval ? TimeSpan.Zero : _interval - sinceLast;
        }

        _ = RunAsync(wait);
    }

    public async ValueTask DisposeAsync()
    {
        _subscription.Dispose();
        await _periodic.DisposeAsync();
        await _stopping.CancelAsync();
        _stopping.Dispose();
    }

    private Task OnEventsAsync(IReadOnlyList<WorkbenchEvent> events)
    {
        if (_relevant(events))
        {
            Request();
        }

        return Task.CompletedTask;
    }

    private async Task RunAsync(TimeSpan wait)
    {
        try
        {
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _clock, _stopping.Token);
            }

            lock (_gate)
            {
                _lastRun = _clock.GetUtcNow();
                _scheduled = false;
            }

            // Flows (with this async call only) into the page's InvokeAsync and its render.
            CultureInfo.CurrentCulture = _culture;
            CultureInfo.CurrentUICulture = _uiCulture;
            await _refresh();
        }
        catch (OperationCanceledException)
        {
            // The page closed while a refresh was waiting.
        }
    }
}
