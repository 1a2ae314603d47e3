using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.Data;

namespace RpaWorkbench.Core.Users;

/// <summary>ASP.NET Core Identity on the Workbench database: users, roles, password and lockout policy.</summary>
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
            .Validate(o => o.Lockout.MaxFailedAccessAttempts >= 1, "Workbench:Identity:Lockout:MaxFailedAccessAttempts must be at least 1.")
            .Validate(o => o.Lockout.DefaultLockoutTimeSpan > TimeSpan.Zero, "Workbench:Identity:Lockout:DefaultLockoutTimeSpan must be positive.")
            .Validate(o => o.Password.RequiredLength >= 8, "Workbench:Identity:Password:RequiredLength must be at least 8.")
            .ValidateOnStart();
    }

    private static void ApplyDefaults(IdentityOptions options)
    {
        // Length over composition rules (NIST SP 800-63B): a long pass phrase beats "Passw0rd!".
        options.Password.RequiredLength = 10;
        options.Password.RequireDigit = false;
        options.Password.RequireLowercase = false;
        options.Password.RequireUppercase = false;
        options.Password.RequireNonAlphanumeric = false;
        options.Lockout.AllowedForNewUsers = true;
        options.Lockout.MaxFailedAccessAttempts = 5;
        options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
        options.User.RequireUniqueEmail = false;
    }
}
