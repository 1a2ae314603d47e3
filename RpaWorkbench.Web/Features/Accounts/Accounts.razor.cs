using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using MudBlazor;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Common;
using RpaWorkbench.Core.Live;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Web.Components.Shared;
using RpaWorkbench.Web.Resources;

namespace RpaWorkbench.Web.Features.Accounts;

public partial class Accounts : IAsyncDisposable
{
    private static readonly int[] PageSizes = [10, 25, 50, 100];

    // Grid columns (by property name) that the service can sort on the server.
    private static readonly Dictionary<string, AccountSort> SortColumns = new(StringComparer.Ordinal)
    {
        [nameof(AccountRow.ShadowBotAccount)] = AccountSort.Account,
        [nameof(AccountRow.HostIp)] = AccountSort.Host,
        [nameof(AccountRow.Port)] = AccountSort.Port,
        [nameof(AccountRow.Status)] = AccountSort.Status,
        [nameof(AccountRow.RecentApp)] = AccountSort.RecentApp,
        [nameof(AccountRow.EndTime)] = AccountSort.EndTime,
        [nameof(AccountRow.TaskCount)] = AccountSort.TaskCount,
        [nameof(AccountRow.LastHeartbeatAt)] = AccountSort.LastHeartbeat,
    };

    private MudDataGrid<AccountRow> _grid = default!;
    private string? _search;
    private AccountStatus? _status;
    private bool? _online;
    private bool? _unregistered;
    private LiveRefresh? _live;

    [Inject] public required AccountService AccountService { get; init; }
    [Inject] public required IDialogService Dialogs { get; init; }
    [Inject] public required ISnackbar Snackbar { get; init; }
    [Inject] public required IStringLocalizer<UiText> L { get; init; }
    [Inject] public required ILogger<Accounts> Logger { get; init; }
    [Inject] public required IWorkbenchEvents Events { get; init; }
    [Inject] public required TimeProvider Clock { get; init; }
    [Inject] public required ICurrentUser User { get; init; }

    /// <summary>Viewers see no New, Edit or Delete: the service would refuse them (<see cref="Permissions"/>).</summary>
    private bool CanOperate => User.CanOperate();

    public async ValueTask DisposeAsync()
    {
        if (_live is not null)
        {
            await _live.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    // Live from the first interactive render: webhooks change status, heartbeat and recent app; time ages "online".
    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender && RendererInfo.IsInteractive)
        {
            _live = new LiveRefresh(Events, events => events.Any(e => e is AccountChanged), ReloadLiveAsync, Clock,
                interval: TimeSpan.FromMilliseconds(250), period: TimeSpan.FromSeconds(15));
        }
    }

    private Task ReloadLiveAsync() => InvokeAsync(async () =>
    {
        try
        {
            await _grid.ReloadServerData();
        }
        catch (Exception ex)
        {
            await DispatchExceptionAsync(ex);
        }
    });

    private Task<GridData<AccountRow>> LoadAsync(GridState<AccountRow> state, CancellationToken cancellationToken) =>
        GridLoad.RunAsync(Snackbar, L, Logger, ct => AccountService.ListAsync(ToQuery(state), ct), cancellationToken);

    private AccountQuery ToQuery(GridState<AccountRow> state)
    {
        var sort = state.SortDefinitions.FirstOrDefault();
        return new AccountQuery
        {
            Search = _search,
            Status = _status,
            Online = _online,
            Unregistered = _unregistered,
            SortBy = sort is null ? AccountSort.Account : SortColumns.GetValueOrDefault(sort.SortBy, AccountSort.Account),
            Descending = sort?.Descending ?? false,
            Page = state.Page,
            PageSize = state.PageSize,
        };
    }

    private Task SearchChangedAsync(string? search)
    {
        _search = search;
        return _grid.ReloadServerData();
    }

    private Task StatusChangedAsync(AccountStatus? status)
    {
        _status = status;
        return _grid.ReloadServerData();
    }

    private Task OnlineChangedAsync(bool? online)
    {
        _online = online;
        return _grid.ReloadServerData();
    }

    private Task UnregisteredChangedAsync(bool? unregistered)
    {
        _unregistered = unregistered;
        return _grid.ReloadServerData();
    }

    private Task CreateAsync() => OpenEditorAsync(L["Accounts.New"], existing: null);

    private Task EditAsync(AccountRow account) => OpenEditorAsync(L["Accounts.Edit"], account);

    private async Task OpenEditorAsync(string title, AccountRow? existing)
    {
        var parameters = new DialogParameters<AccountDialog> { { d => d.Existing, existing } };
        var dialog = await Dialogs.ShowAsync<AccountDialog>(title, parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false, Data: AccountRow saved })
        {
            Snackbar.Add(L["Accounts.Saved", saved.TaskControl], Severity.Success);
            await _grid.ReloadServerData();
        }
    }

    private async Task DeleteAsync(AccountRow account)
    {
        var parameters = new DialogParameters<DeleteAccountDialog> { { d => d.Account, account } };
        var dialog = await Dialogs.ShowAsync<DeleteAccountDialog>(L["Accounts.DeleteTitle"], parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add(L["Accounts.Deleted", account.TaskControl], Severity.Success);
            await _grid.ReloadServerData();
        }
    }
}
