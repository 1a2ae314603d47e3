using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using RpaWorkbench.Core.Users;

namespace RpaWorkbench.Web.Features.Security;

/// <summary>Identity's sign-in, plus: a disabled user can neither sign in nor keep a session.</summary>
public sealed class WorkbenchSignInManager(
    UserManager<WorkbenchUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<WorkbenchUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<WorkbenchUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<WorkbenchUser> confirmation)
    : SignInManager<WorkbenchUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(WorkbenchUser user) => !user.IsDisabled && await base.CanSignInAsync(user);

    public override async Task<WorkbenchUser?> ValidateSecurityStampAsync(ClaimsPrincipal? principal) =>
        await base.ValidateSecurityStampAsync(principal) is { IsDisabled: false } user ? user : null;
}
