using System.Net;

namespace RpaWorkbench.Core.Robots.Simulation;

/// <summary>
/// Where the Workbench can call itself without leaving the machine, picked from the addresses its server listens on:
/// a loopback address as is, a wildcard (<c>0.0.0.0</c>, <c>[::]</c>, <c>*</c>, <c>+</c>) as 127.0.0.1 on the same port;
/// http before https. Null when the server listens only on other interfaces.
/// </summary>
internal static class WorkbenchLoopbackAddress
{
    public static Uri? Pick(IEnumerable<string> listening)
    {
        var loopback = listening.Select(ToLoopback).OfType<Uri>().ToList();
        return loopback.FirstOrDefault(u => u.Scheme == Uri.UriSchemeHttp) ?? loopback.FirstOrDefault();
    }

    private static Uri? ToLoopback(string address)
    {
        // Kestrel reports URL wildcards as they were configured; Uri does not parse "+" and "*" as hosts.
        var text = address.Replace("://+:", "://0.0.0.0:", StringComparison.Ordinal).Replace("://*:", "://0.0.0.0:", StringComparison.Ordinal);
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return null;
        }

        var host = uri switch
        {
            { IsLoopback: true, HostNameType: UriHostNameType.Dns } => "127.0.0.1",
            { IsLoopback: true } => uri.Host,
            _ when IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any)) => "127.0.0.1",
            _ => null,
        };
        return host is null ? null : new Uri(string.Create(CultureInfo.InvariantCulture, $"{uri.Scheme}://{host}:{uri.Port}/"));
    }
}
