using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.Extensions.Localization;
using RpaWorkbench.Web.Resources;

namespace RpaWorkbench.Web.Components.Lists;

/// <summary>
/// Base of a page that lists <typeparamref name="TRow"/> in a server-side <see cref="MudDataGrid{T}"/> narrowed by a
/// <typeparamref name="TFilter"/>. The filter always lives in the address: read from it when the page opens and
/// whenever the address changes under the page (back, forward, a link), and written to it on every change, so each
/// view can be bookmarked. Loading is cancelled with the page and a failure leaves the grid empty and usable.
/// </summary>
/// <remarks>
/// A page declares <see cref="ReadFilter"/>, <see cref="WriteFilter"/> and <see cref="LoadPageAsync"/>, binds its grid
/// with <c>@ref="Grid" ServerData="LoadAsync"</c> and its pager with <c>PageSizeOptions="PageSizes"</c>, and changes
/// the filter only through <see cref="SetFilterAsync"/>. See docs/architecture.md, "List pages, form dialogs and component lifetimes".
/// </remarks>
public abstract class ListPage<TRow, TFilter> : LifetimeComponent where TFilter : class, new()
{
    /// <summary>Page sizes of short lists (accounts, tasks, users, keys).</summary>
    protected static readonly int[] ShortPageSizes = [10, 25, 50, 100];

    /// <summary>Page sizes of long lists that are read by scrolling (logs, audit).</summary>
    protected static readonly int[] LongPageSizes = [25, 50, 100, 200];

    private ILogger? _logger;
    private string _path = "";
    private string? _writtenUri;

    [Inject] public required NavigationManager Navigation { get; init; }
    [Inject] public required ISnackbar Snackbar { get; init; }
    [Inject] public required IStringLocalizer<UiText> L { get; init; }
    [Inject] private ILoggerFactory LoggerFactory { get; set; } = default!;

    /// <summary>The page's grid (<c>@ref</c>); null while it is not shown (e.g. to a user who may not see it).</summary>
    protected MudDataGrid<TRow>? Grid { get; set; }

    /// <summary>The filter on screen; always the one in the address.</summary>
    protected TFilter Filter { get; private set; } = new();

    protected virtual int[] PageSizes => ShortPageSizes;

    protected ILogger Logger => _logger ??= LoggerFactory.CreateLogger(GetType());

    /// <summary>The filter the address names; report unreadable values with <see cref="QueryValues"/> or a <see cref="ValidationFailedException"/>.</summary>
    protected abstract TFilter ReadFilter(QueryValues query);

    /// <summary>The filter as query-string values; null or empty values are left out of the address.</summary>
    protected abstract IReadOnlyDictionary<string, object?> WriteFilter(TFilter filter);

    /// <summary>One page of rows for the grid's page and sort and the filter.</summary>
    protected abstract Task<PageResult<TRow>> LoadPageAsync(GridState<TRow> state, TFilter filter, CancellationToken cancellationToken);

    /// <summary>Called after each load (also a failed one, with no rows), for what the page shows beside the grid.</summary>
    protected virtual void OnPageLoaded(GridState<TRow> state, GridData<TRow> data)
    {
    }

    protected override void OnInitialized()
    {
        _path = new Uri(Navigation.Uri).AbsolutePath;
        Filter = FilterIn(Navigation.Uri);
        Navigation.LocationChanged += OnLocationChanged;
    }

    /// <summary>Shows <paramref name="filter"/>: writes it to the address (replacing the entry, as typing would flood history) and reloads.</summary>
    protected Task SetFilterAsync(TFilter filter)
    {
        Filter = filter;
        _writtenUri = Navigation.GetUriWithQueryParameters(WriteFilter(filter));
        Navigation.NavigateTo(_writtenUri, replace: true);
        return ReloadAsync();
    }

    /// <summary>Typed text as a filter value: trimmed, null when blank.</summary>
    protected static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    protected Task ReloadAsync() => Grid?.ReloadServerData() ?? Task.CompletedTask;

    /// <summary>The grid's <c>ServerData</c>.</summary>
    protected async Task<GridData<TRow>> LoadAsync(GridState<TRow> state, CancellationToken cancellationToken)
    {
        var data = new GridData<TRow> { Items = [], TotalItems = 0 };
        try
        {
            using var loading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, Closing);
            var page = await LoadPageAsync(state, Filter, loading.Token);
            data = new GridData<TRow> { Items = page.Items, TotalItems = page.TotalCount };
        }
        catch (OperationCanceledException) when (Closing.IsCancellationRequested)
        {
            return data;
        }
        catch (Exception ex) when (L.DescribeRefusal(ex) is { } refusal)
        {
            Snackbar.Add(refusal, Severity.Error);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The grid stays usable (filters, retry) and the operator is told; the details go to the log.
            Logger.LogError(ex, "Loading a {Item} list failed", typeof(TRow).Name);
            Snackbar.Add(L["Error.LoadFailed"], Severity.Error);
        }

        OnPageLoaded(state, data);
        return data;
    }

    protected override Task OnLiveUpdateAsync() => ReloadAsync();

    protected override ValueTask DisposeAsyncCore()
    {
        Navigation.LocationChanged -= OnLocationChanged;
        return base.DisposeAsyncCore();
    }

    private TFilter FilterIn(string uri)
    {
        try
        {
            var query = new QueryValues(uri);
            var filter = ReadFilter(query);
            query.ThrowIfInvalid();
            return filter;
        }
        catch (ValidationFailedException ex)
        {
            Snackbar.Add(L["List.BadAddress", L.DescribeRefusal(ex)!], Severity.Warning);
            return new TFilter();
        }
    }

    // The page's own writes come back here too; only an address changed from outside (back, forward, a link) is read.
    private void OnLocationChanged(object? sender, LocationChangedEventArgs e)
    {
        if (e.Location == _writtenUri || new Uri(e.Location).AbsolutePath != _path)
        {
            return;
        }

        _ = InvokeAsync(async () =>
        {
            try
            {
                var filter = FilterIn(e.Location);
                if (!filter.Equals(Filter))
                {
                    Filter = filter;
                    await ReloadAsync();
                    StateHasChanged();
                }
            }
            catch (Exception ex)
            {
                await DispatchExceptionAsync(ex);
            }
        });
    }
}

/// <summary>A list page without filters: its address carries none.</summary>
public abstract class ListPage<TRow> : ListPage<TRow, NoFilter>
{
    protected sealed override NoFilter ReadFilter(QueryValues query) => new();

    protected sealed override IReadOnlyDictionary<string, object?> WriteFilter(NoFilter filter) => new Dictionary<string, object?>();
}

/// <summary>The filter of a list that has none.</summary>
public sealed record NoFilter;
