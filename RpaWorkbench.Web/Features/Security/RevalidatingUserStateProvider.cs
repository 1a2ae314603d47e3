using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using RpaWorkbench.Core.Users;

namespace RpaWorkbench.Web.Features.Security;

/// <summary>
/// Re-checks an open circuit's user every minute, with the same rule as the sign-in cookie: the user still exists, is
/// not disabled and has not changed password (security stamp). A circuit lives for hours; its user should not.
/// </summary>
internal sealed class RevalidatingUserStateProvider(ILoggerFactory loggerFactory, IServiceScopeFactory scopes)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => SecuritySetup.RevalidationInterval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<WorkbenchUser>>();
        return await signIn.ValidateSecurityStampAsync(authenticationState.User) is not null;
    }
}
