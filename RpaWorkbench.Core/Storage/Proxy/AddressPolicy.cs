using System.Net;
using System.Net.Sockets;

namespace RpaWorkbench.Core.Storage.Proxy;

/// <summary>
/// Which addresses the proxy may connect to: public unicast only, unless an address is in one of the operator's
/// <see cref="ResourceProxyOptions.ProxyAllowedNetworks"/>. IPv6 forms that carry an IPv4 address (mapped, NAT64, 6to4)
/// are judged by that IPv4 address. Unspecified, multicast and broadcast addresses are refused even inside an allowed
/// network.
/// </summary>
internal sealed class AddressPolicy
{
    private static readonly IPNetwork[] NeverConnectable = Networks(
        "0.0.0.0/8", "224.0.0.0/4", "255.255.255.255/32", "::/128", "ff00::/8");

    // Loopback, private, shared (CGNAT), link-local (cloud metadata), reserved, documentation and benchmark ranges:
    // RFC 6890 special-purpose registries, IPv4 and IPv6.
    private static readonly IPNetwork[] NotPublic = Networks(
        "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24", "192.0.2.0/24",
        "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "240.0.0.0/4",
        "::/96", "::1/128", "64:ff9b:1::/48", "100::/64", "2001::/32", "2001:10::/28", "2001:20::/28", "2001:db8::/32",
        "fc00::/7", "fe80::/10", "fec0::/10");

    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");

    private readonly IPNetwork[] _allowedNetworks;

    public AddressPolicy(IEnumerable<string> allowedNetworks) =>
        _allowedNetworks = allowedNetworks.Select(n => TryParseNetwork(n, out var network)
            ? network
            : throw new ArgumentException($"Not a network: '{n}'.", nameof(allowedNetworks))).ToArray();

    /// <summary>Whether the proxy may open a connection to <paramref name="address"/>.</summary>
    public bool Allows(IPAddress address)
    {
        var judged = EmbeddedIPv4(address) ?? address;
        if (InAny(NeverConnectable, judged))
        {
            return false;
        }

        return InAny(_allowedNetworks, judged) || !InAny(NotPublic, judged);
    }

    /// <summary>
    /// A CIDR network with no host bits set (<c>10.20.0.0/16</c>). <c>10.20.3.4/16</c> is refused rather than read as
    /// <c>10.20.0.0/16</c>: an operator who wrote it may have meant one host, and the wider reading would open more.
    /// </summary>
    public static bool TryParseNetwork(string? text, out IPNetwork network)
    {
        var trimmed = text?.Trim() ?? "";
        var slash = trimmed.IndexOf('/', StringComparison.Ordinal);
        return IPNetwork.TryParse(trimmed, out network)
               && slash > 0
               && IPAddress.TryParse(trimmed[..slash], out var written)
               && written.Equals(network.BaseAddress);
    }

    // The IPv4 address an IPv6 address stands for: ::ffff:a.b.c.d, 64:ff9b::a.b.c.d (NAT64), 2002:aabb:ccdd::/48 (6to4).
    private static IPAddress? EmbeddedIPv4(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return null;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        var bytes = address.GetAddressBytes();
        if (Nat64.Contains(address))
        {
            return new IPAddress(bytes.AsSpan(12, 4));
        }

        return SixToFour.Contains(address) ? new IPAddress(bytes.AsSpan(2, 4)) : null;
    }

    private static bool InAny(IPNetwork[] networks, IPAddress address)
    {
        foreach (var network in networks)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    private static IPNetwork[] Networks(params string[] cidrs) => cidrs.Select(IPNetwork.Parse).ToArray();
}
