using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using Microsoft.JSInterop;
using MudBlazor;
using RpaWorkbench.Core.Common;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Live;
using RpaWorkbench.Core.Time;
using RpaWorkbench.Web.Components.Shared;
using RpaWorkbench.Web.Resources;

namespace RpaWorkbench.Web.Features.Executions;

/// <summary>
/// Execution logs, newest first, filtered by account, app, status, time range and text. The filter lives in the
/// address (<see cref="LogFilterQuery"/>), so a view can be bookmarked, shared and linked to, and the CSV export
/// downloads exactly its rows. New runs appear live on the first, newest-first page; elsewhere a chip counts them.
/// </summary>
public partial class Logs : IAsyncDisposable
{
    private static readonly int[] PageSizes = [25, 50, 100, 200];

    // Columns that narrower screens leave out (MudBlazor breakpoints: sm 600, lg 1280, xl 1920 px): a phone's rows are
    // cards of start, account, app, status and summary; between sm and lg what is left may scroll sideways with the
    // start time pinned. The detail page shows every field.
    private const string FromSm = "d-none d-sm-table-cell";
    private const string FromLg = "d-none d-lg-table-cell";
    private const string FromXl = "d-none d-xl-table-cell";

    // Grid columns (by property name) the service can sort on.
    private static readonly Dictionary<string, ExecutionLogSort> SortColumns = new(StringComparer.Ordinal)
    {
        [nameof(ExecutionLogRow.StartTime)] = ExecutionLogSort.StartTime,
        [nameof(ExecutionLogRow.EndTime)] = ExecutionLogSort.EndTime,
        [nameof(ExecutionLogRow.DurationSeconds)] = ExecutionLogSort.Duration,
        [nameof(ExecutionLogRow.ShadowBotAccount)] = ExecutionLogSort.Account,
        [nameof(ExecutionLogRow.AppName)] = ExecutionLogSort.App,
        [nameof(ExecutionLogRow.Status)] = ExecutionLogSort.Status,
    };

    private MudDataGrid<ExecutionLogRow> _grid = default!;
    private ExecutionLogFilter _filter = new();
    private List<string> _accounts = [];
    private List<string> _apps = [];
    private LiveRefresh? _live;
    private DotNetObjectReference<Logs>? _self;
    private bool _liveView = true;
    private long _seenThroughId;
    private int _newCount;
    private bool _totalCapped;
    private long? _exportBytes;

    [Inject] public required ExecutionLogService LogService { get; init; }
    [Inject] public required OperatorTime Time { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }
    [Inject] public required IWorkbenchEvents Events { get; init; }
    [Inject] public required TimeProvider Clock { get; init; }
    [Inject] public required IJSRuntime JS { get; init; }
    [Inject] public required ISnackbar Snackbar { get; init; }
    [Inject] public required IStringLocalizer<UiText> L { get; init; }
    [Inject] public required ILogger<Logs> Logger { get; init; }

    [SupplyParameterFromQuery(Name = LogFilterQuery.AccountField)] public string? Account { get; set; }
    [SupplyParameterFromQuery(Name = LogFilterQuery.AppField)] public string? App { get; set; }
    [SupplyParameterFromQuery(Name = LogFilterQuery.StatusField)] public string? Status { get; set; }
    [SupplyParameterFromQuery(Name = LogFilterQuery.FromField)] public string? From { get; set; }
    [SupplyParameterFromQuery(Name = LogFilterQuery.ToField)] public string? To { get; set; }
    [SupplyParameterFromQuery(Name = LogFilterQuery.TextField)] public string? Q { get; set; }

    /// <summary>The CSV export of exactly the rows on screen: the same query-string contract as this page's address.</summary>
    public string ExportUrl =>
        Navigation.GetUriWithQueryParameters("/" + LogLinks.ExportPath, LogFilterQuery.ToParameters(_filter, Time));

    private bool Exporting => _exportBytes is not null;

    private string PagerInfo => _totalCapped
        ? L["Logs.PagerCapped", ExecutionLogService.CountCap.ToString("N0", CultureInfo.CurrentCulture)]
        : L["Logs.Pager"];

    public async ValueTask DisposeAsync()
    {
        if (_live is not null)
        {
            await _live.DisposeAsync();
        }

        _self?.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Export progress from the browser: bytes received so far.</summary>
    [JSInvokable]
    public Task OnExportProgress(long bytes)
    {
        _exportBytes = bytes;
        return InvokeAsync(StateHasChanged);
    }

    // The address decides the filter: on first load, and when it changes under the page (back button, a link).
    protected override async Task OnParametersSetAsync()
    {
        ExecutionLogFilter parsed;
        try
        {
            parsed = LogFilterQuery.Parse(Time, Account, App, Status, From, To, Q);
        }
        catch (ValidationFailedException ex)
        {
            Snackbar.Add(L["Logs.BadAddress", L.DescribeRefusal(ex)!], Severity.Warning);
            parsed = new ExecutionLogFilter();
        }

        if (parsed != _filter)
        {
            _filter = parsed;
            if (_grid is not null)
            {
                await _grid.ReloadServerData();
            }
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender && RendererInfo.IsInteractive)
        {
            _live = new LiveRefresh(Events, IsRelevant, OnNewLogsAsync, Clock,
                interval: TimeSpan.FromSeconds(1), period: Timeout.InfiniteTimeSpan);
            await LoadSuggestionsAsync();
        }
    }

    private async Task LoadSuggestionsAsync()
    {
        try
        {
            _accounts = await LogService.AccountNamesAsync(CancellationToken.None);
            _apps = await LogService.AppNamesAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Suggestions are a convenience: typing a name still filters.
            Logger.LogWarning(ex, "Loading the account and app suggestions failed");
        }
    }

    private bool IsRelevant(IReadOnlyList<WorkbenchEvent> events) =>
        events.Any(e => e is LogCreated log && _filter.CouldMatch(log.ShadowBotAccount, log.AppName, log.Status));

    private Task OnNewLogsAsync() => InvokeAsync(async () =>
    {
        try
        {
            if (_liveView)
            {
                await _grid.ReloadServerData();
            }
            else
            {
                _newCount = await LogService.CountNewerAsync(_filter, _seenThroughId, CancellationToken.None);
                StateHasChanged();
            }
        }
        catch (Exception ex)
        {
            await DispatchExceptionAsync(ex);
        }
    });

    private async Task<GridData<ExecutionLogRow>> LoadAsync(GridState<ExecutionLogRow> state, CancellationToken cancellationToken)
    {
        var sort = state.SortDefinitions.FirstOrDefault();
        var sortBy = sort is null ? ExecutionLogSort.StartTime : SortColumns.GetValueOrDefault(sort.SortBy, ExecutionLogSort.StartTime);
        var descending = sort?.Descending ?? true;
        var filter = _filter;
        var data = await GridLoad.RunAsync(Snackbar, L, Logger, async ct =>
        {
            // Read the mark first: a run stored while the page loads counts as new rather than being missed.
            var mark = await LogService.LatestIdAsync(ct);
            var page = await LogService.ListAsync(filter, sortBy, descending, state.Page, state.PageSize, ct);
            _seenThroughId = mark;
            return page;
        }, cancellationToken);

        _liveView = state.Page == 0 && sortBy == ExecutionLogSort.StartTime && descending;
        _newCount = 0;
        _totalCapped = data.TotalItems > ExecutionLogService.CountCap;
        return data;
    }

    private async Task ShowNewAsync()
    {
        _newCount = 0;
        foreach (var sort in _grid.SortDefinitions.Keys.ToList())
        {
            await _grid.RemoveSortAsync(sort);
        }

        _grid.NavigateTo(Page.First);
        await _grid.ReloadServerData();
    }

    private Task FilterAsync(ExecutionLogFilter filter)
    {
        _filter = filter with
        {
            Account = Blank(filter.Account),
            App = Blank(filter.App),
            Text = Blank(filter.Text),
        };
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(LogFilterQuery.ToParameters(_filter, Time)), replace: true);
        return _grid.ReloadServerData();
    }

    /// <summary>A picked date or date and time (operators' zone, the address's format) for one end of the range; bad input is named, not applied.</summary>
    private Task RangeChangedAsync(string field, string? value)
    {
        try
        {
            var parsed = field == LogFilterQuery.FromField
                ? LogFilterQuery.Parse(Time, null, null, null, value, null, null).FromUtc
                : LogFilterQuery.Parse(Time, null, null, null, null, value, null).ToUtc;
            return FilterAsync(field == LogFilterQuery.FromField ? _filter with { FromUtc = parsed } : _filter with { ToUtc = parsed });
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
        return FilterAsync(_filter with { FromUtc = from, ToUtc = null });
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

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>What the browser's download helper reports: whether it worked, and the HTTP status when it did not.</summary>
    private sealed record ExportResult(bool Ok, int Status);
}
