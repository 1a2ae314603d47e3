using Microsoft.AspNetCore.Components;
using RpaWorkbench.Core.Users;
using RpaWorkbench.Web.Components.Lists;
using RpaWorkbench.Web.Features.Users.Sessions;

namespace RpaWorkbench.Web.Features.Users;

/// <summary>
/// Admins manage users: create, change role, reset password, see and end sessions, unlock, disable and enable.
/// <c>?q=</c> (user or display name) in the address.
/// </summary>
public partial class Users : ListPage<UserRow, UserQuery>
{
    private const string SearchField = "q";

    private static readonly SortColumns<UserSort> Sorts = new(UserSort.UserName)
    {
        [nameof(UserRow.UserName)] = UserSort.UserName,
        [nameof(UserRow.DisplayName)] = UserSort.DisplayName,
        [nameof(UserRow.CreatedAt)] = UserSort.Created,
        [nameof(UserRow.LastSignInAt)] = UserSort.LastSignIn,
    };

    [Inject] public required UserService UserService { get; init; }
    [Inject] public required IDialogService Dialogs { get; init; }
    [Inject] public required ICurrentUser User { get; init; }

    protected override UserQuery ReadFilter(QueryValues query) => new() { Search = query.Text(SearchField) };

    protected override IReadOnlyDictionary<string, object?> WriteFilter(UserQuery filter) =>
        new Dictionary<string, object?> { [SearchField] = filter.Search };

    protected override Task<PageResult<UserRow>> LoadPageAsync(GridState<UserRow> state, UserQuery filter, CancellationToken cancellationToken)
    {
        var (sortBy, descending) = Sorts.Of(state);
        return UserService.ListAsync(filter with { SortBy = sortBy, Descending = descending, Page = state.Page, PageSize = state.PageSize }, cancellationToken);
    }

    private string DisableLabel(UserRow user) => user.IsDisabled ? L["Users.Enable"] : L["Users.Disable"];

    private async Task CreateAsync()
    {
        var dialog = await Dialogs.ShowAsync<NewUserDialog>(L["Users.New"], new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false, Data: UserInfo created })
        {
            Snackbar.Add(L["Users.CreatedDone", created.UserName], Severity.Success);
            await ReloadAsync();
        }
    }

    private async Task ChangeRoleAsync(UserRow user)
    {
        var parameters = new DialogParameters<ChangeRoleDialog> { { d => d.User, user } };
        var dialog = await Dialogs.ShowAsync<ChangeRoleDialog>(L["Users.ChangeRole"], parameters, new DialogOptions { MaxWidth = MaxWidth.ExtraSmall, FullWidth = true });
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add(L["Users.RoleChanged", user.UserName], Severity.Success);
            await ReloadAsync();
        }
    }

    private async Task ResetPasswordAsync(UserRow user)
    {
        var parameters = new DialogParameters<ResetPasswordDialog> { { d => d.User, user } };
        var dialog = await Dialogs.ShowAsync<ResetPasswordDialog>(L["Users.ResetPassword"], parameters, new DialogOptions { MaxWidth = MaxWidth.ExtraSmall, FullWidth = true });
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add(L["Users.PasswordReset", user.UserName], Severity.Success);
        }
    }

    private async Task SessionsAsync(UserRow user) => await Dialogs.ShowAsync<UserSessionsDialog>(L["Sessions.Title"],
        new DialogParameters<UserSessionsDialog> { { d => d.User, user } }, new DialogOptions { MaxWidth = MaxWidth.Large, FullWidth = true });

    private Task UnlockAsync(UserRow user) => ConfirmAndRunAsync(
        new Confirmation(L["Users.Unlock"], L["Users.UnlockConfirm", user.UserName], L["Users.Unlock"]),
        () => UserService.UnlockAsync(user.Id, Closing), L["Users.Unlocked", user.UserName]);

    private Task ToggleDisabledAsync(UserRow user) => user.IsDisabled
        ? ConfirmAndRunAsync(new Confirmation(L["Users.Enable"], L["Users.EnableConfirm", user.UserName], L["Users.Enable"]),
            () => UserService.SetDisabledAsync(user.Id, disabled: false, Closing), L["Users.EnabledDone", user.UserName])
        : ConfirmAndRunAsync(new Confirmation(L["Users.Disable"], L["Users.DisableConfirm", user.UserName], L["Users.Disable"]),
            () => UserService.SetDisabledAsync(user.Id, disabled: true, Closing), L["Users.DisabledDone", user.UserName]);

    private async Task ConfirmAndRunAsync(Confirmation confirmation, Func<Task> change, string done)
    {
        if (await CoreAction.ConfirmAndRunAsync(Dialogs, Snackbar, L, confirmation, change, done))
        {
            await ReloadAsync();
        }
    }
}
