using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;
using RpaWorkbench.Core.Users;

namespace RpaWorkbench.Web.Features.Users;

/// <summary>Change one's own password; this browser stays signed in, the user's other sessions end at once.</summary>
public partial class ChangePassword
{
    private bool _changed;

    [Inject] public required UserService Users { get; init; }
    [Inject] public required UserManager<WorkbenchUser> UserManager { get; init; }
    [Inject] public required SignInManager<WorkbenchUser> SignInManager { get; init; }
    [Inject] public required IOptions<IdentityOptions> Identity { get; init; }

    [SupplyParameterFromForm(FormName = "change-password")] private PasswordInput? Input { get; set; }

    protected override void OnInitialized() => Input ??= new PasswordInput();

    private async Task ChangeAsync()
    {
        try
        {
            await Users.ChangeOwnPasswordAsync(Input!.CurrentPassword, Input.NewPassword, Input.ConfirmPassword, Aborted);
            // The new security stamp would end this session too; renew it (same session, new ticket).
            if (await UserManager.GetUserAsync(HttpContext.User) is { } user)
            {
                await SignInManager.RefreshSignInAsync(user);
            }

            _changed = true;
        }
        catch (ValidationFailedException ex)
        {
            Show(ex);
        }
        catch (RuleViolationException ex)
        {
            FormError = L.Describe(ex);
        }
        catch (AccessDeniedException ex)
        {
            FormError = L.Describe(ex);
        }
    }

    private sealed class PasswordInput
    {
        public string? CurrentPassword { get; set; }
        public string? NewPassword { get; set; }
        public string? ConfirmPassword { get; set; }
    }
}
