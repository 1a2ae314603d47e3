using Microsoft.AspNetCore.Components;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Live;
using RpaWorkbench.Web.Components.Lists;

namespace RpaWorkbench.Web.Features.Accounts;

/// <summary>Robot accounts, live: <c>?q=</c> (account or host), <c>status=</c>, <c>online=</c>, <c>unregistered=</c> in the address.</summary>
public partial class Accounts : ListPage<AccountRow, AccountQuery>
{
    private const string SearchField = "q";
    private const string StatusField = "status";
    private const string OnlineField = "online";
    private const string UnregisteredField = "unregistered";

    private static readonly SortColumns<AccountSort> Sorts = new(AccountSort.Account)
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

    [Inject] public required AccountService AccountService { get; init; }
    [Inject] public required IDialogService Dialogs { get; init; }
    [Inject] public required ICurrentUser User { get; init; }

    /// <summary>Viewers see no New, Edit or Delete: the service would refuse them (<see cref="Permissions"/>).</summary>
    private bool CanOperate => User.CanOperate();

    // Webhooks change status, heartbeat and recent app; the period ages "online".
    protected override LiveUpdates LiveUpdates { get; } =
        new(events => events.Any(e => e is AccountChanged), Interval: TimeSpan.FromMilliseconds(250), Period: TimeSpan.FromSeconds(15));

    protected override AccountQuery ReadFilter(QueryValues query) => new()
    {
        Search = query.Text(SearchField),
        Status = query.Enum<AccountStatus>(StatusField),
        Online = query.Flag(OnlineField),
        Unregistered = query.Flag(UnregisteredField),
    };

    protected override IReadOnlyDictionary<string, object?> WriteFilter(AccountQuery filter) => new Dictionary<string, object?>
    {
        [SearchField] = filter.Search,
        [StatusField] = QueryValues.Of(filter.Status),
        [OnlineField] = QueryValues.Of(filter.Online),
        [UnregisteredField] = QueryValues.Of(filter.Unregistered),
    };

    protected override Task<PageResult<AccountRow>> LoadPageAsync(GridState<AccountRow> state, AccountQuery filter, CancellationToken cancellationToken)
    {
        var (sortBy, descending) = Sorts.Of(state);
        return AccountService.ListAsync(filter with { SortBy = sortBy, Descending = descending, Page = state.Page, PageSize = state.PageSize }, cancellationToken);
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
            await ReloadAsync();
        }
    }

    private async Task DeleteAsync(AccountRow account)
    {
        var parameters = new DialogParameters<DeleteAccountDialog> { { d => d.Account, account } };
        var dialog = await Dialogs.ShowAsync<DeleteAccountDialog>(L["Accounts.DeleteTitle"], parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add(L["Accounts.Deleted", account.TaskControl], Severity.Success);
            await ReloadAsync();
        }
    }
}
