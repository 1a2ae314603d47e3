using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using MudBlazor;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Core.Users;
using RpaWorkbench.Web.Components.Shared;
using RpaWorkbench.Web.Features.Users.Sessions;
using RpaWorkbench.Web.Resources;

namespace RpaWorkbench.Web.Features.Users;

/// <summary>Admins manage users: create, change role, reset password, see and end sessions, unlock, disable and enable.</summary>
public partial class Users
{
    private static readonly int[] PageSizes = [10, 25, 50, 100];

    private static readonly Dictionary<string, UserSort> SortColumns = new(StringComparer.Ordinal)
    {
        [nameof(UserRow.UserName)] = UserSort.UserName,
        [nameof(UserRow.DisplayName)] = UserSort.DisplayName,
        [nameof(UserRow.CreatedAt)] = UserSort.Created,
        [nameof(UserRow.LastSignInAt)] = UserSort.LastSignIn,
    };

    private MudDataGrid<UserRow> _grid = default!;
    private string? _search;

    [Inject] public required UserService UserService { get; init; }
    [Inject] public required IDialogService Dialogs { get; init; }
    [Inject] public required ISnackbar Snackbar { get; init; }
    [Inject] public required IStringLocalizer<UiText> L { get; init; }
    [Inject] public required ILogger<Users> Logger { get; init; }
    [Inject] public required ICurrentUser User { get; init; }

    private async Task<GridData<UserRow>> LoadAsync(GridState<UserRow> state, CancellationToken cancellationToken)
    {
        var sort = state.SortDefinitions.FirstOrDefault();
        var query = new UserQuery
        {
            Search = _search,
            SortBy = sort is null ? UserSort.UserName : SortColumns.GetValueOrDefault(sort.SortBy, UserSort.UserName),
            Descending = sort?.Descending ?? false,
            Page = state.Page,
            PageSize = state.PageSize,
        };
        return await GridLoad.RunAsync(Snackbar, L, Logger, ct => UserService.ListAsync(query, ct), cancellationToken);
    }

    private Task SearchChangedAsync(string? search)
    {
        _search = search;
        return _grid.ReloadServerData();
    }

    private string DisableLabel(UserRow user) => user.IsDisabled ? L["Users.Enable"] : L["Users.Disable"];

    private async Task CreateAsync()
    {
        var dialog = await Dialogs.ShowAsync<NewUserDialog>(L["Users.New"], new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false, Data: UserInfo created })
        {
            Snackbar.Add(L["Users.CreatedDone", created.UserName], Severity.Success);
            await _grid.ReloadServerData();
        }
    }

    private async Task ChangeRoleAsync(UserRow user)
    {
        var parameters = new DialogParameters<ChangeRoleDialog> { { d => d.User, user } };
        var dialog = await Dialogs.ShowAsync<ChangeRoleDialog>(L["Users.ChangeRole"], parameters, new DialogOptions { MaxWidth = MaxWidth.ExtraSmall, FullWidth = true });
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add(L["Users.RoleChanged", user.UserName], Severity.Success);
            await _grid.ReloadServerData();
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
        () => UserService.UnlockAsync(user.Id, CancellationToken.None), L["Users.Unlocked", user.UserName]);

    private Task ToggleDisabledAsync(UserRow user) => user.IsDisabled
        ? ConfirmAndRunAsync(new Confirmation(L["Users.Enable"], L["Users.EnableConfirm", user.UserName], L["Users.Enable"]),
            () => UserService.SetDisabledAsync(user.Id, disabled: false, CancellationToken.None), L["Users.EnabledDone", user.UserName])
        : ConfirmAndRunAsync(new Confirmation(L["Users.Disable"], L["Users.DisableConfirm", user.UserName], L["Users.Disable"]),
            () => UserService.SetDisabledAsync(user.Id, disabled: true, CancellationToken.None), L["Users.DisabledDone", user.UserName]);

    private async Task ConfirmAndRunAsync(Confirmation confirmation, Func<Task> change, string done)
    {
        if (await CoreAction.ConfirmAndRunAsync(Dialogs, Snackbar, L, confirmation, change, done))
        {
            await _grid.ReloadServerData();
        }
    }
}
