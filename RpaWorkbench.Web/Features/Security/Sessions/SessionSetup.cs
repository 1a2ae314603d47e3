using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using RpaWorkbench.Core.Users;

namespace RpaWorkbench.Web.Features.Security.Sessions;

/// <summary>Sign-in sessions kept on the server (<see cref="DatabaseTicketStore"/>) instead of inside the cookie.</summary>
internal static class SessionSetup
{
    public static IServiceCollection AddWorkbenchSessions(this IServiceCollection services)
    {
        services.AddSingleton<DatabaseTicketStore>();
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .PostConfigure<DatabaseTicketStore>((cookie, store) => cookie.SessionStore = store);
        // The once-a-minute security stamp check rebuilds the principal from the user; it keeps naming its session.
        services.Configure<SecurityStampValidatorOptions>(o => o.OnRefreshingPrincipal = context =>
        {
            if (context.CurrentPrincipal?.FindFirst(WorkbenchClaims.SessionId) is { } session && context.NewPrincipal?.Identity is ClaimsIdentity renewed)
            {
                renewed.AddClaim(new Claim(session.Type, session.Value));
            }

            return Task.CompletedTask;
        });
        return services;
    }
}
