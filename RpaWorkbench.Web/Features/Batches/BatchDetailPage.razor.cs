using Microsoft.AspNetCore.Components;
using RpaWorkbench.Core.Batches;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Live;
using RpaWorkbench.Web.Components.Lists;
using RpaWorkbench.Web.Features.Executions;

namespace RpaWorkbench.Web.Features.Batches;

/// <summary>
/// One batch, live: its state, progress and counts per state, pace and estimated finish, the actions its state and the
/// operator's role allow, the result downloads, and its items with <c>?state=</c> in the address.
/// </summary>
public partial class BatchDetailPage : ListPage<BatchItemRow, BatchItemQuery>
{
    private const string StateField = "state";

    /// <summary>How many of the sheet's columns the items grid shows (all of them are in the cell's tooltip).</summary>
    private const int KeyColumnCount = 3;

    // A robot's log may say its run started a little before the Workbench dispatched it (clock skew).
    private static readonly TimeSpan RunClockSkew = TimeSpan.FromDays(1);

    private BatchDetail? _batch;
    private bool _missing;

    [Parameter] public long Id { get; set; }

    [Inject] public required BatchService BatchService { get; init; }
    [Inject] public required ExecutionLogService LogService { get; init; }
    [Inject] public required TimeProvider Clock { get; init; }

    protected override int[] PageSizes => LongPageSizes;

    // Only this batch; at most one refresh a second however fast its items move.
    protected override LiveUpdates LiveUpdates =>
        new(events => events.Any(e => e is BatchChanged changed && changed.BatchId == Id), Interval: TimeSpan.FromSeconds(1), Period: TimeSpan.FromSeconds(30));

    protected override Task OnParametersSetAsync() => LoadBatchAsync();

    protected override BatchItemQuery ReadFilter(QueryValues query) => new() { State = query.Enum<BatchItemState>(StateField) };

    protected override IReadOnlyDictionary<string, object?> WriteFilter(BatchItemQuery filter) =>
        new Dictionary<string, object?> { [StateField] = QueryValues.Of(filter.State) };

    protected override Task<PageResult<BatchItemRow>> LoadPageAsync(GridState<BatchItemRow> state, BatchItemQuery filter, CancellationToken cancellationToken) =>
        BatchService.ItemsAsync(Id, filter with { Page = state.Page, PageSize = state.PageSize }, cancellationToken);

    protected override Task OnLiveUpdateAsync() => RefreshAsync();

    private async Task RefreshAsync()
    {
        await LoadBatchAsync();
        await ReloadAsync();
        StateHasChanged();
    }

    private async Task LoadBatchAsync()
    {
        _batch = await BatchService.GetAsync(Id, Closing);
        _missing = _batch is null;
    }

    private static string TaskLink(BatchDetail batch) => "tasks?q=" + Uri.EscapeDataString(batch.TaskName);

    private string SettingsText(BatchDetail batch) => L["Batches.Settings",
        L["Batches.Priority" + batch.Priority],
        batch.MaxRetries,
        batch.Concurrency?.ToString(CultureInfo.CurrentCulture) ?? L["Batches.NoLimit"]];

    private string KeyValues(BatchItemRow item) =>
        string.Join(" · ", (_batch?.Columns ?? []).Take(KeyColumnCount).Select(c => item.Values.GetValueOrDefault(c) ?? ""));

    private static string AllValues(BatchItemRow item) => string.Join("\n", item.Values.Select(v => $"{v.Key}: {v.Value}"));

    // A run's log is stored when it ends: the link finds it then, and says so while it is not there.
    private async Task OpenRunAsync(BatchItemRow item)
    {
        if (await LogService.FindRunAsync(item.RunId!, item.StartedAt.GetValueOrDefault() - RunClockSkew, Closing) is { } logId)
        {
            Navigation.NavigateTo(LogLinks.Detail(logId));
        }
        else
        {
            Snackbar.Add(L["Batches.RunNotStored", item.RowNumber], Severity.Info);
        }
    }
}
