using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using RpaWorkbench.Core.Users;

namespace RpaWorkbench.Web.Features.Security;

/// <summary>
/// Identity's sign-in, plus: a disabled user can neither sign in nor keep a session; and every refused password costs
/// a password hash, also when Identity needs none (see <see cref="DecoyPasswordHash"/>).
/// </summary>
public sealed class WorkbenchSignInManager(
    UserManager<WorkbenchUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<WorkbenchUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<WorkbenchUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<WorkbenchUser> confirmation,
    DecoyPasswordHash decoy)
    : SignInManager<WorkbenchUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(WorkbenchUser user) => !user.IsDisabled && await base.CanSignInAsync(user);

    public override async Task<WorkbenchUser?> ValidateSecurityStampAsync(ClaimsPrincipal? principal) =>
        await base.ValidateSecurityStampAsync(principal) is { IsDisabled: false } user ? user : null;

    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        if (await UserManager.FindByNameAsync(userName) is { } user)
        {
            return await PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure);
        }

        decoy.Check(UserManager.PasswordHasher, password);
        return SignInResult.Failed;
    }

    public override async Task<SignInResult> CheckPasswordSignInAsync(WorkbenchUser user, string password, bool lockoutOnFailure)
    {
        var result = await base.CheckPasswordSignInAsync(user, password, lockoutOnFailure);
        // Refused before the password was looked at.
        if (result.IsNotAllowed || result.IsLockedOut)
        {
            decoy.Check(UserManager.PasswordHasher, password);
        }

        return result;
    }
}
