using System.Net;
using RpaWorkbench.Core.Storage.Proxy;

namespace RpaWorkbench.Tests.ResourceProxy;

/// <summary>Which addresses the proxy connects to: public unicast, plus the operator's allowed networks.</summary>
public sealed class AddressPolicyTests
{
    private static readonly AddressPolicy PublicOnly = new([]);

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.255.255.254")]
    [InlineData("10.0.0.1")]
    [InlineData("10.255.255.255")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.0.1")]
    [InlineData("100.64.0.1")]
    [InlineData("100.127.255.254")]
    [InlineData("169.254.169.254")]
    [InlineData("169.254.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("0.1.2.3")]
    [InlineData("224.0.0.1")]
    [InlineData("239.255.255.250")]
    [InlineData("255.255.255.255")]
    [InlineData("240.0.0.1")]
    [InlineData("192.0.0.8")]
    [InlineData("192.0.2.1")]
    [InlineData("198.18.0.1")]
    [InlineData("203.0.113.7")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fe80::1")]
    [InlineData("febf::1")]
    [InlineData("fc00::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("fec0::1")]
    [InlineData("ff02::1")]
    [InlineData("2001:db8::1")]
    [InlineData("2001::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("::ffff:0.0.0.0")]
    [InlineData("::127.0.0.1")]
    [InlineData("64:ff9b::a9fe:a9fe")]
    [InlineData("64:ff9b::7f00:1")]
    [InlineData("64:ff9b:1::1")]
    [InlineData("2002:7f00:1::1")]
    [InlineData("2002:a9fe:a9fe::1")]
    public void Allows_NotPublicUnicast_False(string address) =>
        Assert.False(PublicOnly.Allows(IPAddress.Parse(address)), address);

    [Theory]
    [InlineData("47.98.1.1")]
    [InlineData("93.184.216.34")]
    [InlineData("11.0.0.1")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("169.255.0.1")]
    [InlineData("2606:4700::1111")]
    [InlineData("2408:4001::1")]
    [InlineData("::ffff:47.98.1.1")]
    [InlineData("64:ff9b::2f62:101")]
    [InlineData("2002:2f62:101::1")]
    public void Allows_PublicUnicast_True(string address) =>
        Assert.True(PublicOnly.Allows(IPAddress.Parse(address)), address);

    [Theory]
    [InlineData("10.20.3.4", true)]
    [InlineData("10.20.255.255", true)]
    [InlineData("10.21.0.1", false)]
    [InlineData("127.0.0.1", true)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("127.0.0.2", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("fd00:1::5", true)]
    [InlineData("fd00:2::5", false)]
    public void Allows_WithAllowedNetworks_OnlyThoseNetworksOpen(string address, bool allowed) =>
        Assert.Equal(allowed, new AddressPolicy(["10.20.0.0/16", "127.0.0.1/32", "fd00:1::/32"]).Allows(IPAddress.Parse(address)));

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.251")]
    [InlineData("255.255.255.255")]
    [InlineData("::ffff:0.0.0.0")]
    public void Allows_EverythingAllowed_UnspecifiedMulticastAndBroadcastStillRefused(string address) =>
        Assert.False(new AddressPolicy(["0.0.0.0/0", "::/0"]).Allows(IPAddress.Parse(address)));
}
