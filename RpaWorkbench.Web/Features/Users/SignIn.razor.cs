using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using RpaWorkbench.Core.Users;
using RpaWorkbench.Web.Features.Security;

namespace RpaWorkbench.Web.Features.Users;

/// <summary>Password sign-in with lockout, each attempt audited; sends people to the set-up page while no user exists.</summary>
public partial class SignIn
{
    [Inject] public required SignInManager<WorkbenchUser> SignInManager { get; init; }
    [Inject] public required UserService Users { get; init; }
    [Inject] public required IOptions<IdentityOptions> Identity { get; init; }
    [Inject] public required ILogger<SignIn> Logger { get; init; }

    /// <summary>Where to go after signing in; only a path on this site is followed.</summary>
    [SupplyParameterFromQuery] public string? ReturnUrl { get; set; }

    [SupplyParameterFromForm(FormName = "sign-in")] private SignInInput? Input { get; set; }

    protected override async Task OnInitializedAsync()
    {
        Input ??= new SignInInput();
        if (!IsGet)
        {
            return;
        }

        // Already signed in (e.g. another tab signed in again): no form to fill.
        if (HttpContext.User.Identity?.IsAuthenticated == true)
        {
            Navigation.NavigateTo(LocalUrl.OrHome(ReturnUrl));
        }
        else if (!await Users.AnyUsersAsync(Aborted))
        {
            Navigation.NavigateTo("setup");
        }
    }

    private async Task SignInAsync()
    {
        var userName = Input!.UserName?.Trim();
        if (string.IsNullOrEmpty(userName) || string.IsNullOrEmpty(Input.Password))
        {
            FormError = L["SignIn.Missing"];
            return;
        }

        var result = await SignInManager.PasswordSignInAsync(userName, Input.Password, isPersistent: false, lockoutOnFailure: true);
        var from = HttpContext.Connection.RemoteIpAddress;
        // Not cancelled with the request: the attempt happened (and counted towards lockout) even if the browser left.
        await Users.RecordSignInAsync(userName, Outcome(result), CancellationToken.None);
        if (result.Succeeded)
        {
            Logger.LogInformation("{UserName} signed in from {RemoteIp}", userName, from);
            Navigation.NavigateTo(LocalUrl.OrHome(ReturnUrl));
        }
        else if (result.IsLockedOut)
        {
            Logger.LogWarning("Sign-in as {UserName} from {RemoteIp} refused: locked out after repeated wrong passwords", userName, from);
            FormError = L["SignIn.LockedOut", (int)Math.Ceiling(Identity.Value.Lockout.DefaultLockoutTimeSpan.TotalMinutes)];
        }
        else
        {
            // The typed name is not logged: people type their password into the wrong field.
            Logger.LogInformation("Sign-in failed from {RemoteIp}", from);
            FormError = L["SignIn.Failed"];
        }
    }

    private static SignInOutcome Outcome(Microsoft.AspNetCore.Identity.SignInResult result) =>
        result.Succeeded ? SignInOutcome.Succeeded : result.IsLockedOut ? SignInOutcome.LockedOut : SignInOutcome.Failed;

    private sealed class SignInInput
    {
        public string? UserName { get; set; }
        public string? Password { get; set; }
    }
}
