using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.HttpOverrides;
using RpaWorkbench.Core.Configuration;

namespace RpaWorkbench.Web.Features.Security;

/// <summary>
/// HTTPS where the Workbench serves it: HSTS and a redirect from HTTP, outside Development, and secure cookies for
/// HTTPS clients. Plain-HTTP deployments (an intranet, or a proxy that terminates TLS) are left alone, without a warning
/// per start or per request.
/// </summary>
public static class TransportSecurity
{
    public static IServiceCollection AddWorkbenchTransportSecurity(this IServiceCollection services)
    {
        services.AddWorkbenchOptions<ProxyOptions, ProxyOptionsValidator>(ProxyOptions.SectionName, SettingsGroups.Host, s => s
            .Add(o => o.Enabled, "Settings.ForwardedHeadersEnabled")
            .Add(o => o.KnownProxies, "Settings.KnownProxies", defaultText: "(loopback only)")
            .Add(o => o.KnownNetworks, "Settings.KnownNetworks"));
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ProxyOptions>>((forwarded, proxies) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in proxies.Value.KnownProxies)
            {
                forwarded.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
            }

            foreach (var network in proxies.Value.KnownNetworks)
            {
                forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        // One rule for every cookie the server sets (antiforgery, session, language): Secure when the client's request
        // was HTTPS, as forwarded headers tell it behind a proxy. Plain-HTTP deployments keep working.
        services.Configure<CookiePolicyOptions>(o => o.Secure = CookieSecurePolicy.SameAsRequest);
        return services;
    }

    /// <summary>First in the pipeline: everything after it sees the client's address and scheme.</summary>
    public static void UseWorkbenchForwardedHeaders(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<ProxyOptions>>().Value.Enabled)
        {
            app.UseForwardedHeaders();
        }
    }

    /// <summary>Applies the cookie rule above; after the forwarded headers, before anything sets a cookie.</summary>
    public static void UseWorkbenchCookiePolicy(this WebApplication app) => app.UseCookiePolicy();

    /// <summary>HSTS on HTTPS responses, and HTTP → HTTPS when this server has an HTTPS port; not in Development.</summary>
    public static void UseWorkbenchHttps(this WebApplication app)
    {
        if (app.Environment.IsDevelopment())
        {
            return;
        }

        // The framework leaves localhost, 127.0.0.1 and [::1] out: HSTS holds for a host name on every port, so it would
        // force HTTPS on every other local service a browser reaches as localhost (docs/security.md).
        app.UseHsts();
        // ASP.NET's redirection logs a warning when it finds no HTTPS port to send people to; without one it does
        // nothing anyway, so it only runs where there is one.
        var servesHttps = new Lazy<bool>(() => ServesHttps(app));
        app.UseWhen(_ => servesHttps.Value, https => https.UseHttpsRedirection());
    }

    // Where ASP.NET looks for the port: the https_port setting (HTTPS_PORT), or an https:// address the server listens on
    // (known once it has started, hence asked at the first request).
    private static bool ServesHttps(WebApplication app) =>
        !string.IsNullOrEmpty(app.Configuration["HTTPS_PORT"])
        || !string.IsNullOrEmpty(app.Configuration["ANCM_HTTPS_PORT"])
        || app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
            .Any(address => address.StartsWith("https://", StringComparison.OrdinalIgnoreCase)) == true;
}
