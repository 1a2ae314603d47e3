using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using MudBlazor;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Web.Components.Shared;
using RpaWorkbench.Web.Resources;

namespace RpaWorkbench.Web.Features.ApiKeys;

/// <summary>Admins create API keys (the secret is shown once, in the dialog) and revoke them.</summary>
public partial class ApiKeys
{
    private static readonly int[] PageSizes = [10, 25, 50, 100];

    private MudDataGrid<ApiKeyInfo> _grid = default!;

    [Inject] public required ApiKeyService Keys { get; init; }
    [Inject] public required IDialogService Dialogs { get; init; }
    [Inject] public required ISnackbar Snackbar { get; init; }
    [Inject] public required IStringLocalizer<UiText> L { get; init; }
    [Inject] public required ILogger<ApiKeys> Logger { get; init; }
    [Inject] public required ICurrentUser User { get; init; }

    private Task<GridData<ApiKeyInfo>> LoadAsync(GridState<ApiKeyInfo> state, CancellationToken cancellationToken) =>
        GridLoad.RunAsync(Snackbar, L, Logger, ct => Keys.ListAsync(state.Page, state.PageSize, ct), cancellationToken);

    private async Task CreateAsync()
    {
        var options = new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, BackdropClick = false };
        var dialog = await Dialogs.ShowAsync<NewApiKeyDialog>(L["ApiKeys.New"], options);
        await dialog.Result;
        // Reloaded also when the dialog was closed by Escape after the key was made: the new key must be listed.
        await _grid.ReloadServerData();
    }

    private async Task RevokeAsync(ApiKeyInfo key)
    {
        var confirmation = new Confirmation(L["ApiKeys.Revoke"], L["ApiKeys.RevokeConfirm", key.Name, key.Prefix], L["ApiKeys.Revoke"]);
        if (await CoreAction.ConfirmAndRunAsync(Dialogs, Snackbar, L, confirmation,
                () => Keys.RevokeAsync(key.Id, CancellationToken.None), L["ApiKeys.RevokedDone", key.Name]))
        {
            await _grid.ReloadServerData();
        }
    }
}
