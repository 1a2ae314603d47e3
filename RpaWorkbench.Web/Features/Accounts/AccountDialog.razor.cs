using Microsoft.AspNetCore.Components;
using RpaWorkbench.Core.Accounts;

namespace RpaWorkbench.Web.Features.Accounts;

/// <summary>
/// Create or edit one account. Field rules come from <see cref="AccountRules"/>, checked as the operator types;
/// conflicts (the same robot twice, someone else's edit since the dialog opened) from the service.
/// </summary>
public partial class AccountDialog : CoreFormDialog
{
    private MudForm _form = default!;
    private string? _account;
    private string? _host;
    private int? _port = 8080;

    /// <summary>The account being edited, or null to create one.</summary>
    [Parameter] public AccountRow? Existing { get; set; }

    [Inject] public required AccountService AccountService { get; init; }

    // Its fields check the same rules as the operator types, and MudBlazor's own validation owns their messages.
    protected override bool FieldErrorsAboveForm => true;

    protected override void OnInitialized()
    {
        if (Existing is not null)
        {
            (_account, _host, _port) = (Existing.ShadowBotAccount, Existing.HostIp, Existing.Port);
        }
    }

    private async Task SaveAsync()
    {
        await _form.ValidateAsync();
        if (!_form.IsValid)
        {
            return;
        }

        var input = new AccountInput(_account, _host, _port, Existing?.Version);
        await SubmitAndCloseAsync(() => Existing is null
            ? AccountService.CreateAsync(input, Closing)
            : AccountService.UpdateAsync(Existing.Id, input, Closing));
    }
}
