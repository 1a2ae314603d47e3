using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.Data;

namespace RpaWorkbench.Core.Users;

/// <summary>ASP.NET Core Identity on the Workbench database: users, roles, password policy, and the sign-in throttle.</summary>
internal static class IdentitySetup
{
    public const string SectionName = "Workbench:Identity";

    public static void AddWorkbenchIdentity(this IServiceCollection services)
    {
        services.AddIdentityCore<WorkbenchUser>()
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<WorkbenchDbContext>()
            .AddClaimsPrincipalFactory<WorkbenchClaimsPrincipalFactory>();

        // Defaults first, then Workbench:Identity (Identity's own option names) overrides them.
        services.AddOptions<IdentityOptions>()
            .Configure(ApplyDefaults)
            .BindConfiguration(SectionName)
            .Validate(o => o.Password.RequiredLength >= 8, "Workbench:Identity:Password:RequiredLength must be at least 8.")
            .ValidateOnStart();
        services.AddOptions<SignInThrottleOptions>().BindConfiguration(SignInThrottleOptions.SectionName)
            .Validate(o => o.FreeFailuresPerAddress >= 1, "Workbench:SignIn:Throttle:FreeFailuresPerAddress must be at least 1.")
            .Validate(o => o.FreeFailuresPerUser >= 1, "Workbench:SignIn:Throttle:FreeFailuresPerUser must be at least 1.")
            .Validate(o => o.FirstDelay > TimeSpan.Zero && o.MaxAddressDelay >= o.FirstDelay && o.MaxUserDelay >= o.FirstDelay,
                "Workbench:SignIn:Throttle:FirstDelay must be positive and not above MaxAddressDelay or MaxUserDelay.")
            // Else an address waiting out the longest delay would be forgotten, and start over with free failures.
            .Validate(o => o.ForgetAfter > o.MaxAddressDelay, "Workbench:SignIn:Throttle:ForgetAfter must be longer than MaxAddressDelay.")
            .ValidateOnStart();
        services.AddScoped<SignInThrottle>();
    }

    private static void ApplyDefaults(IdentityOptions options)
    {
        // Length over composition rules (NIST SP 800-63B): a long pass phrase beats "Passw0rd!".
        options.Password.RequiredLength = 10;
        options.Password.RequireDigit = false;
        options.Password.RequireLowercase = false;
        options.Password.RequireUppercase = false;
        options.Password.RequireNonAlphanumeric = false;
        // Identity's lockout end holds a user's wait (SignInThrottle); Identity never locks by itself (no lockoutOnFailure).
        options.Lockout.AllowedForNewUsers = true;
        options.User.RequireUniqueEmail = false;
    }
}
