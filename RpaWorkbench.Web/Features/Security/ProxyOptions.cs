using RpaWorkbench.Core.Configuration;

namespace RpaWorkbench.Web.Features.Security;

/// <summary>
/// <c>Workbench:ForwardedHeaders</c>: behind a reverse proxy that terminates TLS, trust its <c>X-Forwarded-For</c> and
/// <c>X-Forwarded-Proto</c>, so the Workbench sees the client's address (sign-in rate limit, logs) and that the request
/// was HTTPS (HSTS, redirects, secure cookies). Only these proxies are trusted, plus the loopback addresses.
/// </summary>
public sealed class ProxyOptions
{
    public const string SectionName = "Workbench:ForwardedHeaders";

    public bool Enabled { get; set; }

    /// <summary>Addresses of the proxies, e.g. <c>10.0.0.5</c>.</summary>
    [IpAddressEntries]
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks the proxies are in, e.g. <c>10.0.0.0/24</c>.</summary>
    [IpNetworkEntries]
    public List<string> KnownNetworks { get; set; } = [];
}

[OptionsValidator]
internal sealed partial class ProxyOptionsValidator : IValidateOptions<ProxyOptions>;
