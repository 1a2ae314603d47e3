using Microsoft.AspNetCore.Identity;

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

        // Identity's own names under Workbench:Identity; the password policy is the Workbench's (its defaults, its checks).
        services.AddOptions<IdentityOptions>()
            .Configure(ApplyDefaults)
            .BindConfiguration(SectionName)
            .PostConfigure<IOptions<PasswordPolicyOptions>>((identity, policy) => policy.Value.ApplyTo(identity.Password));
        services.AddWorkbenchOptions<PasswordPolicyOptions, PasswordPolicyOptionsValidator>(PasswordPolicyOptions.SectionName, SettingsGroups.Passwords, s => s
            .Add(o => o.RequiredLength, "Settings.RequiredLength")
            .Add(o => o.RequireDigit, "Settings.RequireDigit")
            .Add(o => o.RequireLowercase, "Settings.RequireLowercase")
            .Add(o => o.RequireUppercase, "Settings.RequireUppercase")
            .Add(o => o.RequireNonAlphanumeric, "Settings.RequireNonAlphanumeric")
            .Add(o => o.RequiredUniqueChars, "Settings.RequiredUniqueChars"));
        services.AddWorkbenchOptions<SignInThrottleOptions, SignInThrottleOptionsValidator>(SignInThrottleOptions.SectionName, SettingsGroups.Passwords, s => s
            .Add(o => o.FreeFailuresPerAddress, "Settings.FreeFailuresPerAddress")
            .Add(o => o.FreeFailuresPerUser, "Settings.FreeFailuresPerUser")
            .Add(o => o.FirstDelay, "Settings.ThrottleFirstDelay")
            .Add(o => o.MaxAddressDelay, "Settings.MaxAddressDelay")
            .Add(o => o.MaxUserDelay, "Settings.MaxUserDelay")
            .Add(o => o.ForgetAfter, "Settings.ThrottleForgetAfter"));
        services.AddScoped<SignInThrottle>();
    }

    private static void ApplyDefaults(IdentityOptions options)
    {
        // Identity's lockout end holds a user's wait (SignInThrottle); Identity never locks by itself (no lockoutOnFailure).
        options.Lockout.AllowedForNewUsers = true;
        options.User.RequireUniqueEmail = false;
    }
}
