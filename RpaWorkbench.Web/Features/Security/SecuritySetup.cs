using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RpaWorkbench.Core.Configuration;
using RpaWorkbench.Core.Users;
using RpaWorkbench.Web.Features.ApiKeys;
using RpaWorkbench.Web.Features.Security.Sessions;
using RpaWorkbench.Web.Features.Users;

namespace RpaWorkbench.Web.Features.Security;

/// <summary>
/// Sign-in for people (Identity cookie), API keys for robots, and who the current user is. Every endpoint requires a
/// signed-in user unless it says otherwise (fallback policy); APIs answer 401/403 problem details instead of redirects.
/// </summary>
public static class SecuritySetup
{
    public const string SignInPath = "/signin";
    public const string CookieName = "wb.auth";

    /// <summary>
    /// For endpoints both people and keys use (downloads, exports, the resource proxy): a request with an API key is
    /// judged by the key alone, any other by the sign-in cookie. Webhooks do not use it; they take robot keys only.
    /// </summary>
    public const string SessionOrApiKeyPolicy = "SessionOrApiKey";

    private const string SessionOrApiKeyScheme = "SessionOrApiKey";

    /// <summary>
    /// How often a security stamp (cookie) and an open page's session (circuit) are re-checked. Sessions end at once
    /// (every request reads its session); this is the longest an open page goes unchecked when no event reaches it.
    /// </summary>
    public static readonly TimeSpan RevalidationInterval = TimeSpan.FromMinutes(1);

    /// <summary>A session ends this long after its last request.</summary>
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(8);

    public static IServiceCollection AddWorkbenchSecurity(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<CurrentUser>();
        services.AddScoped<ICurrentUser>(sp => sp.GetRequiredService<CurrentUser>());
        services.TryAddEnumerable(ServiceDescriptor.Scoped<CircuitHandler, CurrentUserCircuitHandler>());
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, RevalidatingUserStateProvider>();

        new IdentityBuilder(typeof(WorkbenchUser), typeof(IdentityRole), services).AddSignInManager<WorkbenchSignInManager>();
        services.AddSingleton<DecoyPasswordHash>();
        services.AddScoped<PasswordSignIn>();
        services.AddAuthentication(IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddPolicyScheme(SessionOrApiKeyScheme, "Sign-in cookie or API key", o => o.ForwardDefaultSelector = context =>
                ApiKeyAuthenticationHandler.IsPresented(context.Request) ? ApiKeyAuthenticationHandler.SchemeName : IdentityConstants.ApplicationScheme)
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(ConfigureCookie);
        services.AddWorkbenchSessions();
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = RevalidationInterval);
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(SessionOrApiKeyPolicy, policy => policy
                .AddAuthenticationSchemes(SessionOrApiKeyScheme)
                .RequireAuthenticatedUser()
                // A Workbench role (a person's, or a key's capped by its owner's) or a robot key; the Core services
                // then decide what each may do.
                .RequireAssertion(context => context.User.IsInRole(Roles.Robot) || Roles.All.Any(context.User.IsInRole)));

        services.AddSignInOptions();
        services.AddRateLimiter(o => o.AddPolicy<string, SignInRateLimitPolicy>(SignInRateLimitPolicy.Name));
        return services;
    }

    /// <summary>The sign-in rate limit's options and the fixed session times, as the settings page shows them.</summary>
    public static IServiceCollection AddSignInOptions(this IServiceCollection services)
    {
        services.AddWorkbenchOptions<SignInOptions, SignInOptionsValidator>(SignInOptions.SectionName, SettingsGroups.SignIn, s => s
            .Add(o => o.MaxAttempts, "Settings.MaxAttempts")
            .Add(o => o.AttemptWindow, "Settings.AttemptWindow"));
        services.AddSettings(new SettingsBuilder(SettingsGroups.SignIn)
            .Fixed("Settings.SessionLifetime", SessionLifetime)
            .Fixed("Settings.SessionCheck", RevalidationInterval)
            .Build());
        return services;
    }

    /// <summary><c>POST /signout</c> (antiforgery-checked): ends the session and goes to the sign-in page.</summary>
    public static void MapSignOut(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost("/signout", async (HttpContext context, IAntiforgery antiforgery, SignInManager<WorkbenchUser> signIn) =>
        {
            if (!await antiforgery.HasValidTokenAsync(context))
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Sign-out refused",
                    detail: "The form's antiforgery token is missing or invalid; reload the page and sign out again.");
            }

            await signIn.SignOutAsync();
            return Results.LocalRedirect(SignInPath);
        });

    private static void ConfigureCookie(CookieAuthenticationOptions options)
    {
        options.Cookie.Name = CookieName;
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Lax;
        options.LoginPath = SignInPath;
        options.LogoutPath = "/signout";
        options.AccessDeniedPath = "/access-denied";
        options.ExpireTimeSpan = SessionLifetime;
        options.SlidingExpiration = true;
        options.Events.OnRedirectToLogin = context => RedirectOrProblem(context, StatusCodes.Status401Unauthorized,
            "Sign-in required", "Sign in first, or send an API key where this API accepts one.");
        options.Events.OnRedirectToAccessDenied = context => RedirectOrProblem(context, StatusCodes.Status403Forbidden,
            "Forbidden", "Your role does not allow this.");
    }

    // Pages get the usual redirect; APIs never do: a script should see 401/403, not the HTML of the sign-in page.
    private static async Task RedirectOrProblem(RedirectContext<CookieAuthenticationOptions> context, int status, string title, string detail)
    {
        if (!context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.Redirect(context.RedirectUri);
            return;
        }

        // Written directly: IProblemDetailsService leaves the body empty for controllers without [ApiController].
        await ApiProblems.Status(context.HttpContext, status, title, detail).ExecuteAsync(context.HttpContext);
    }
}
