using Microsoft.AspNetCore.Components;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Web.Components.Lists;

namespace RpaWorkbench.Web.Features.ApiKeys;

/// <summary>Admins create API keys (the secret is shown once, in the dialog) and revoke them.</summary>
public partial class ApiKeys : ListPage<ApiKeyInfo>
{
    [Inject] public required ApiKeyService Keys { get; init; }
    [Inject] public required IDialogService Dialogs { get; init; }
    [Inject] public required ICurrentUser User { get; init; }

    protected override Task<PageResult<ApiKeyInfo>> LoadPageAsync(GridState<ApiKeyInfo> state, NoFilter filter, CancellationToken cancellationToken) =>
        Keys.ListAsync(state.Page, state.PageSize, cancellationToken);

    private async Task CreateAsync()
    {
        var options = new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, BackdropClick = false };
        var dialog = await Dialogs.ShowAsync<NewApiKeyDialog>(L["ApiKeys.New"], options);
        await dialog.Result;
        // Reloaded also when the dialog was closed by Escape after the key was made: the new key must be listed.
        await ReloadAsync();
    }

    private async Task RevokeAsync(ApiKeyInfo key)
    {
        var confirmation = new Confirmation(L["ApiKeys.Revoke"], L["ApiKeys.RevokeConfirm", key.Name, key.Prefix], L["ApiKeys.Revoke"]);
        if (await CoreAction.ConfirmAndRunAsync(Dialogs, Snackbar, L, confirmation,
                () => Keys.RevokeAsync(key.Id, Closing), L["ApiKeys.RevokedDone", key.Name]))
        {
            await ReloadAsync();
        }
    }
}
