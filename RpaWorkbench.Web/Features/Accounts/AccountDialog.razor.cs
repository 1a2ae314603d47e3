using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using MudBlazor;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Common;
using RpaWorkbench.Web.Components.Shared;
using RpaWorkbench.Web.Resources;

namespace RpaWorkbench.Web.Features.Accounts;

/// <summary>Create or edit one account. Field rules come from <see cref="AccountRules"/>; conflicts from the service.</summary>
public partial class AccountDialog
{
    private MudForm _form = default!;
    private string? _account;
    private string? _host;
    private int? _port = 8080;
    private string? _error;
    private bool _saving;

    [CascadingParameter] public required IMudDialogInstance Dialog { get; set; }

    /// <summary>The account being edited, or null to create one.</summary>
    [Parameter] public AccountRow? Existing { get; set; }

    [Inject] public required AccountService AccountService { get; init; }
    [Inject] public required IStringLocalizer<UiText> L { get; init; }
    [Inject] public required ISnackbar Snackbar { get; init; }

    protected override void OnInitialized()
    {
        if (Existing is not null)
        {
            (_account, _host, _port) = (Existing.ShadowBotAccount, Existing.HostIp, Existing.Port);
        }
    }

    private string? Message(FieldError? error) => error is null ? null : L.Describe(error);

    private async Task SaveAsync()
    {
        await _form.ValidateAsync();
        if (!_form.IsValid)
        {
            return;
        }

        _saving = true;
        _error = null;
        try
        {
            var input = new AccountInput(_account, _host, _port, Existing?.Version);
            var saved = Existing is null
                ? await AccountService.CreateAsync(input, CancellationToken.None)
                : await AccountService.UpdateAsync(Existing.Id, input, CancellationToken.None);
            Dialog.Close(DialogResult.Ok(saved));
        }
        catch (ValidationFailedException ex)
        {
            _error = string.Join(" ", ex.Errors.Select(L.Describe));
        }
        catch (RuleViolationException ex)
        {
            _error = L.Describe(ex);
        }
        catch (AccessDeniedException ex)
        {
            Snackbar.Add(L.Describe(ex), Severity.Error);
        }
        finally
        {
            _saving = false;
        }
    }
}
