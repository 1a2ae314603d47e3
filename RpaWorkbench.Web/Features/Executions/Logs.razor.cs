using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Live;
using RpaWorkbench.Core.Time;
using RpaWorkbench.Web.Components.Lists;

namespace RpaWorkbench.Web.Features.Executions;

/// <summary>
/// Execution logs, newest first, filtered by account, app, status, time range and text. The filter lives in the
/// address (<see cref="LogFilterQuery"/>), so a view can be bookmarked, shared and linked to, and the CSV export
/// downloads exactly its rows. New runs appear live on the first, newest-first page; elsewhere a chip counts them.
/// </summary>
public partial class Logs : ListPage<ExecutionLogRow, ExecutionLogFilter>
{
    // Columns that narrower screens leave out (MudBlazor breakpoints: sm 600, lg 1280, xl 1920 px): a phone's rows are
    // cards of start, account, app, status and summary; between sm and lg what is left may scroll sideways with the
    // start time pinned. The detail page shows every field.
    private const string FromSm = "d-none d-sm-table-cell";
    private const string FromLg = "d-none d-lg-table-cell";
    private const string FromXl = "d-none d-xl-table-cell";

    private static readonly SortColumns<ExecutionLogSort> Sorts = new(ExecutionLogSort.StartTime, descendingByDefault: true)
    {
        [nameof(ExecutionLogRow.StartTime)] = ExecutionLogSort.StartTime,
        [nameof(ExecutionLogRow.EndTime)] = ExecutionLogSort.EndTime,
        [nameof(ExecutionLogRow.DurationSeconds)] = ExecutionLogSort.Duration,
        [nameof(ExecutionLogRow.ShadowBotAccount)] = ExecutionLogSort.Account,
        [nameof(ExecutionLogRow.AppName)] = ExecutionLogSort.App,
        [nameof(ExecutionLogRow.Status)] = ExecutionLogSort.Status,
    };

    private List<string> _accounts = [];
    private List<string> _apps = [];
    private DotNetObjectReference<Logs>? _self;
    private bool _liveView = true;
    private long _seenThroughId;
    private int _newCount;
    private bool _totalCapped;
    private long? _exportBytes;

    [Inject] public required ExecutionLogService LogService { get; init; }
    [Inject] public required OperatorTime Time { get; init; }
    [Inject] public required TimeProvider Clock { get; init; }
    [Inject] public required IJSRuntime JS { get; init; }

    /// <summary>The CSV export of exactly the rows on screen: the same query-string contract as this page's address.</summary>
    public string ExportUrl =>
        Navigation.GetUriWithQueryParameters("/" + LogLinks.ExportPath, LogFilterQuery.ToParameters(Filter, Time));

    private bool Exporting => _exportBytes is not null;

    private string PagerInfo => _totalCapped
        ? L["Logs.PagerCapped", ExecutionLogService.CountCap.ToString("N0", CultureInfo.CurrentCulture)]
        : L["Logs.Pager"];

    protected override int[] PageSizes => LongPageSizes;

    // New runs, at most one refresh a second: the first newest-first page reloads, elsewhere the chip counts them.
    protected override LiveUpdates LiveUpdates => new(IsRelevant, Interval: TimeSpan.FromSeconds(1), Period: Timeout.InfiniteTimeSpan);

    /// <summary>Export progress from the browser: bytes received so far.</summary>
    [JSInvokable]
    public Task OnExportProgress(long bytes)
    {
        _exportBytes = bytes;
        return InvokeAsync(StateHasChanged);
    }

    protected override ExecutionLogFilter ReadFilter(QueryValues query) => LogFilterQuery.Parse(Time,
        query[LogFilterQuery.AccountField], query[LogFilterQuery.AppField], query[LogFilterQuery.StatusField],
        query[LogFilterQuery.FromField], query[LogFilterQuery.ToField], query[LogFilterQuery.TextField]);

    protected override IReadOnlyDictionary<string, object?> WriteFilter(ExecutionLogFilter filter) => LogFilterQuery.ToParameters(filter, Time);

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender && RendererInfo.IsInteractive)
        {
            await LoadSuggestionsAsync();
        }
    }

    protected override ValueTask DisposeAsyncCore()
    {
        _self?.Dispose();
        return base.DisposeAsyncCore();
    }

    private async Task LoadSuggestionsAsync()
    {
        try
        {
            _accounts = await LogService.AccountNamesAsync(Closing);
            _apps = await LogService.AppNamesAsync(Closing);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Suggestions are a convenience: typing a name still filters.
            Logger.LogWarning(ex, "Loading the account and app suggestions failed");
        }
    }

    private bool IsRelevant(IReadOnlyList<WorkbenchEvent> events) =>
        events.Any(e => e is LogCreated log && Filter.CouldMatch(log.ShadowBotAccount, log.AppName, log.Status));

    protected override async Task OnLiveUpdateAsync()
    {
        if (_liveView)
        {
            await ReloadAsync();
        }
        else
        {
            _newCount = await LogService.CountNewerAsync(Filter, _seenThroughId, Closing);
            StateHasChanged();
        }
    }

    protected override async Task<PageResult<ExecutionLogRow>> LoadPageAsync(
        GridState<ExecutionLogRow> state, ExecutionLogFilter filter, CancellationToken cancellationToken)
    {
        var (sortBy, descending) = Sorts.Of(state);
        // Read the mark first: a run stored while the page loads counts as new rather than being missed.
        var mark = await LogService.LatestIdAsync(cancellationToken);
        var page = await LogService.ListAsync(filter, sortBy, descending, state.Page, state.PageSize, cancellationToken);
        _seenThroughId = mark;
        return page;
    }

    protected override void OnPageLoaded(GridState<ExecutionLogRow> state, GridData<ExecutionLogRow> data)
    {
        _liveView = state.Page == 0 && Sorts.Of(state) == (ExecutionLogSort.StartTime, true);
        _newCount = 0;
        _totalCapped = data.TotalItems > ExecutionLogService.CountCap;
    }

    private async Task ShowNewAsync()
    {
        _newCount = 0;
        var grid = Grid!;
        foreach (var sort in grid.SortDefinitions.Keys.ToList())
        {
            await grid.RemoveSortAsync(sort);
        }

        grid.NavigateTo(Page.First);
        await ReloadAsync();
    }

    /// <summary>A picked date or date and time (operators' zone, the address's format) for one end of the range; bad input is named, not applied.</summary>
    private Task RangeChangedAsync(string field, string? value)
    {
        try
        {
            var parsed = field == LogFilterQuery.FromField
                ? LogFilterQuery.Parse(Time, null, null, null, value, null, null).FromUtc
                : LogFilterQuery.Parse(Time, null, null, null, null, value, null).ToUtc;
            return SetFilterAsync(field == LogFilterQuery.FromField ? Filter with { FromUtc = parsed } : Filter with { ToUtc = parsed });
        }
        catch (ValidationFailedException ex)
        {
            Snackbar.Add(L.DescribeRefusal(ex)!, Severity.Warning);
            return Task.CompletedTask;
        }
    }

    /// <summary>Today, or the last 7 or 30 days including today, in the operators' zone; open-ended so new runs keep showing.</summary>
    private Task QuickRangeAsync(int days)
    {
        var today = DateOnly.FromDateTime(Time.ToOperator(Clock.GetUtcNow().UtcDateTime));
        var from = Time.ToUtc(today.AddDays(1 - days).ToDateTime(TimeOnly.MinValue));
        return SetFilterAsync(Filter with { FromUtc = from, ToUtc = null });
    }

    private static Task<IEnumerable<string>> SuggestAsync(List<string> names, string? typed, CancellationToken cancellationToken) =>
        Task.FromResult(string.IsNullOrWhiteSpace(typed)
            ? names.Take(50)
            : names.Where(n => n.Contains(typed.Trim(), StringComparison.OrdinalIgnoreCase)).Take(50));

    private async Task ExportAsync()
    {
        _exportBytes = 0;
        _self ??= DotNetObjectReference.Create(this);
        try
        {
            var result = await JS.InvokeAsync<ExportResult>("workbench.downloadWithProgress", ExportUrl, _self);
            if (!result.Ok)
            {
                Snackbar.Add(L["Logs.ExportFailed", result.Status], Severity.Error);
            }
        }
        catch (JSException ex)
        {
            Logger.LogWarning(ex, "The CSV export failed in the browser");
            Snackbar.Add(L["Logs.ExportFailed", 0], Severity.Error);
        }
        finally
        {
            _exportBytes = null;
        }
    }

    private string ExportProgress => _exportBytes is > 0 and var bytes
        ? L["Logs.ExportProgress", (bytes / 1024d / 1024d).ToString("N1", CultureInfo.CurrentCulture)]
        : L["Logs.ExportPreparing"];

    private void OpenDetail(DataGridRowClickEventArgs<ExecutionLogRow> row) => Navigation.NavigateTo(LogLinks.Detail(row.Item.Id));

    /// <summary>What the browser's download helper reports: whether it worked, and the HTTP status when it did not.</summary>
    private sealed record ExportResult(bool Ok, int Status);
}
