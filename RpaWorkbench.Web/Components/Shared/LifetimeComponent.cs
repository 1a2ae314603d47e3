using Microsoft.AspNetCore.Components;
using RpaWorkbench.Core.Live;

namespace RpaWorkbench.Web.Components.Shared;

/// <summary>
/// Base of pages and dialogs whose work ends with them: <see cref="Closing"/> is cancelled when the component is
/// disposed (pass it to every Core call), and live updates (<see cref="LiveUpdates"/>) start on the first interactive
/// render and stop on dispose.
/// </summary>
public abstract class LifetimeComponent : ComponentBase, IAsyncDisposable
{
    private readonly CancellationTokenSource _closing = new();
    private readonly CancellationToken _closingToken;
    private LiveRefresh? _live;

    protected LifetimeComponent() => _closingToken = _closing.Token;

    // Private so that pages may inject their own TimeProvider or events under any name.
    [Inject] private IWorkbenchEvents WorkbenchEvents { get; set; } = default!;
    [Inject] private TimeProvider LiveClock { get; set; } = default!;

    /// <summary>Cancelled when the component goes away (page left, dialog closed, circuit ended).</summary>
    protected CancellationToken Closing => _closingToken;

    /// <summary>Which live events refresh this component and how often; null (the default) for none.</summary>
    protected virtual LiveUpdates? LiveUpdates => null;

    public async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync();
        if (_live is not null)
        {
            await _live.DisposeAsync();
        }

        await DisposeAsyncCore();
        _closing.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>What a live update does; runs on the component's dispatcher, errors go to the error boundary.</summary>
    protected virtual Task OnLiveUpdateAsync() => Task.CompletedTask;

    /// <summary>Releases what a derived component holds besides the token and the live refresh.</summary>
    protected virtual ValueTask DisposeAsyncCore() => ValueTask.CompletedTask;

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender && RendererInfo.IsInteractive && LiveUpdates is { } updates && !Closing.IsCancellationRequested)
        {
            _live = new LiveRefresh(WorkbenchEvents, updates.Relevant, RunLiveUpdateAsync, LiveClock, updates.Interval, updates.Period);
        }
    }

    private Task RunLiveUpdateAsync() => InvokeAsync(async () =>
    {
        try
        {
            await OnLiveUpdateAsync();
        }
        catch (OperationCanceledException) when (Closing.IsCancellationRequested)
        {
            // Closed while refreshing.
        }
        catch (Exception ex)
        {
            await DispatchExceptionAsync(ex);
        }
    });
}

/// <summary>
/// Live updates of a component: the events that matter (<paramref name="Relevant"/>), at most one refresh per
/// <paramref name="Interval"/>, and one every <paramref name="Period"/> without events (infinite for none).
/// </summary>
public sealed record LiveUpdates(Func<IReadOnlyList<WorkbenchEvent>, bool> Relevant, TimeSpan Interval, TimeSpan Period);
