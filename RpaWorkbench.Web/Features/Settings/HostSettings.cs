using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using RpaWorkbench.Core.Configuration;

namespace RpaWorkbench.Web.Features.Settings;

/// <summary>ASP.NET Core's own settings an operator sets for the Workbench: addresses, certificate, environment, logging.</summary>
public static class HostSettings
{
    public static IServiceCollection AddHostSettings(this IServiceCollection services)
    {
        services.AddSettings(new SettingsBuilder(SettingsGroups.Host)
            .Value("urls", "Settings.Urls", "http://localhost:5000", Listening)
            .Value("Kestrel:Certificates:Default:Path", "Settings.CertificatePath", SettingsBuilder.NoDefault, Configured("Kestrel:Certificates:Default:Path"))
            .Secret("Kestrel:Certificates:Default:Password", "Settings.CertificatePassword", Configured("Kestrel:Certificates:Default:Password"))
            .Value("https_port", "Settings.HttpsPort", SettingsBuilder.NoDefault, Configured("https_port"))
            .Value("ASPNETCORE_ENVIRONMENT", "Settings.Environment", Environments.Production,
                sp => sp.GetService<IHostEnvironment>()?.EnvironmentName ?? "")
            .Value("Logging:LogLevel:Default", "Settings.LogLevel", "Information", Configured("Logging:LogLevel:Default"))
            .Value("AllowedHosts", "Settings.AllowedHosts", "*", Configured("AllowedHosts"))
            .Build());
        return services;
    }

    // The addresses the server listens on once started; until then (and in tests without a network server), the setting.
    private static string Listening(IServiceProvider services) =>
        services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses is { Count: > 0 } addresses
            ? string.Join(", ", addresses)
            : Configured("urls")(services);

    private static Func<IServiceProvider, string> Configured(string key) => services => services.GetRequiredService<IConfiguration>()[key] ?? "";
}
