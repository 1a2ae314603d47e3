using System.Security.Claims;
using Microsoft.AspNetCore.Identity;

namespace RpaWorkbench.Core.Users;

/// <summary>Claims the Workbench adds to Identity's (id, name, roles, security stamp).</summary>
public static class WorkbenchClaims
{
    public const string DisplayName = "workbench:display_name";

    /// <summary>The id (key hash) of the server-side session a principal was read from; never stored in a ticket.</summary>
    public const string SessionId = "workbench:session";
}

/// <summary>Identity's claims (with roles) plus the display name, so pages need no database call to show it.</summary>
internal sealed class WorkbenchClaimsPrincipalFactory(
    UserManager<WorkbenchUser> users,
    RoleManager<IdentityRole> roles,
    IOptions<IdentityOptions> options) : UserClaimsPrincipalFactory<WorkbenchUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(WorkbenchUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (!string.IsNullOrWhiteSpace(user.DisplayName))
        {
            identity.AddClaim(new Claim(WorkbenchClaims.DisplayName, user.DisplayName));
        }

        return identity;
    }
}
