using Microsoft.AspNetCore.Components;
using RpaWorkbench.Core.Users;

namespace RpaWorkbench.Web.Features.Users;

/// <summary>Password sign-in (throttled and audited by <see cref="PasswordSignIn"/>); sends people to the set-up page while no user exists.</summary>
public partial class SignIn
{
    [Inject] public required PasswordSignIn PasswordSignIn { get; init; }
    [Inject] public required UserService Users { get; init; }

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

        var attempt = await PasswordSignIn.AttemptAsync(userName, Input.Password, HttpContext.Connection.RemoteIpAddress);
        if (attempt.Succeeded)
        {
            Navigation.NavigateTo(LocalUrl.OrHome(ReturnUrl));
        }
        else if (attempt.Wait > TimeSpan.Zero)
        {
            HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            FormError = L["SignIn.AddressWaits", RetryAfter.Set(HttpContext.Response, attempt.Wait)];
        }
        else
        {
            // Also for a user who must wait, a disabled one and an unknown name: the answer must not tell them apart.
            FormError = L["SignIn.Failed"];
        }
    }

    private sealed class SignInInput
    {
        public string? UserName { get; set; }
        public string? Password { get; set; }
    }
}
