using RpaWorkbench.Core.Storage.Proxy;

namespace RpaWorkbench.Tests.ResourceProxy;

/// <summary>The proxy's URL rules as a table: what is refused as invalid (400), what as not allowed (403), what passes.</summary>
public sealed class ResourceUrlPolicyTests
{
    // The Workbench's own base URLs: Workbench:PublicBaseUrl (with a path) and the loopback address it listens on.
    private static readonly ResourceUrlPolicy Policy = new(new HostAllowList(["oss.example.test", "*.cdn.example.test"]),
        () => [new Uri("https://rpa.corp.example/workbench/"), new Uri("http://127.0.0.1:5000/")]);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("/shots/1.png")]
    [InlineData("shots/1.png")]
    [InlineData("//oss.example.test/shots/1.png")]
    [InlineData("not a url")]
    [InlineData("http://")]
    [InlineData("http:///shots/1.png")]
    [InlineData("file:///etc/passwd")]
    [InlineData("file://oss.example.test/etc/passwd")]
    [InlineData("ftp://oss.example.test/shots/1.png")]
    [InlineData("data:image/png;base64,iVBORw0KGgo=")]
    [InlineData("javascript:alert(1)")]
    [InlineData("gopher://oss.example.test:70/_GET")]
    [InlineData("ws://oss.example.test/socket")]
    [InlineData("http://user:secret@oss.example.test/shots/1.png")]
    [InlineData("http://user@oss.example.test/shots/1.png")]
    [InlineData("http://@oss.example.test/shots/1.png")]
    [InlineData("http://evil.test@oss.example.test/shots/1.png")]
    [InlineData("http://oss.example.test\\@evil.test/shots/1.png")]
    [InlineData("http://oss.example.test/shots/a b.png")]
    [InlineData("http://oss.example.test/shots/a\n.png")]
    [InlineData("http://oss.example.test/shots/a\t.png")]
    [InlineData(" http://oss.example.test/shots/1.png")]
    // The Workbench's own objects: only run files (runs/…) are read from its store, and only by exactly that link.
    [InlineData("/api/v1/resources/objects/config/1/0f8fad5bd9cb469fa16570867728950e.json")]
    [InlineData("/api/v1/resources/objects/runs/../config/1/a.json")]
    [InlineData("/api/v1/resources/objects/runs/demo/Shot.png")]
    [InlineData("/api/v1/resources/objects/runs/demo/shot.png?x=1")]
    [InlineData("api/v1/resources/objects/runs/demo/shot.png")]
    [InlineData("/api/v1/resources/objects/runs")]
    [InlineData("http://user@127.0.0.1:5000/api/v1/resources/objects/runs/sim/shot.png")]
    public void Check_NotAnAbsoluteHttpUrlWithoutUserInfo_Invalid(string? url)
    {
        var check = Policy.Check(url);

        Assert.False(check.IsAllowed);
        Assert.Equal(ResourceFetchOutcome.InvalidUrl, check.Outcome);
        Assert.False(string.IsNullOrEmpty(check.Message));
    }

    [Fact]
    public void Check_LongerThanTheLimit_Invalid()
    {
        var url = "https://oss.example.test/" + new string('a', ResourceUrlPolicy.MaxLength);

        Assert.Equal(ResourceFetchOutcome.InvalidUrl, Policy.Check(url).Outcome);
    }

    [Theory]
    // Hosts that are not on the list, or only look like it.
    [InlineData("http://evil.test/shots/1.png")]
    [InlineData("http://oss.example.test.evil.test/shots/1.png")]
    [InlineData("http://eviloss.example.test/shots/1.png")]
    [InlineData("http://sub.oss.example.test/shots/1.png")]
    [InlineData("http://cdn.example.test/shots/1.png")]
    [InlineData("http://evilcdn.example.test/shots/1.png")]
    [InlineData("http://oss.example.test./shots/1.png")]
    [InlineData("http://a.cdn.example.test./shots/1.png")]
    [InlineData("http://xn--oss-example-test.evil/shots/1.png")]
    // Loopback by name and as IPv4 in every notation: dotted, short, decimal, hex, octal.
    [InlineData("http://localhost/")]
    [InlineData("http://LOCALHOST:8080/")]
    [InlineData("http://localhost./")]
    [InlineData("http://api.localhost/")]
    [InlineData("http://127.0.0.1/")]
    [InlineData("http://127.0.0.1./")]
    [InlineData("http://127.1/")]
    [InlineData("http://2130706433/")]
    [InlineData("http://0x7f.1/")]
    [InlineData("http://0x7f000001/")]
    [InlineData("http://0177.0.0.1/")]
    [InlineData("http://017700000001/")]
    // Link-local (cloud metadata), private, CGNAT, unspecified, multicast, broadcast.
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://2852039166/latest/meta-data/")]
    [InlineData("http://10.0.0.1/")]
    [InlineData("http://172.16.0.1/")]
    [InlineData("http://192.168.1.1/")]
    [InlineData("http://100.64.0.1/")]
    [InlineData("http://0.0.0.0/")]
    [InlineData("http://0/")]
    [InlineData("http://224.0.0.1/")]
    [InlineData("http://255.255.255.255/")]
    // IPv6 literals: loopback, unspecified, link-local (with zone), unique local, multicast, IPv4-mapped, public.
    [InlineData("http://[::1]/")]
    [InlineData("http://[0:0:0:0:0:0:0:1]/")]
    [InlineData("http://[::]/")]
    [InlineData("http://[fe80::1]/")]
    [InlineData("http://[fe80::1%25eth0]/")]
    [InlineData("http://[fd00::1]/")]
    [InlineData("http://[ff02::1]/")]
    [InlineData("http://[::ffff:127.0.0.1]/")]
    [InlineData("http://[::ffff:7f00:1]/")]
    [InlineData("http://[::ffff:169.254.169.254]/")]
    [InlineData("http://[2606:4700::1111]/")]
    // Public IPv4 literals too: the list names hosts, never addresses.
    [InlineData("https://8.8.8.8/")]
    // Like the Workbench's own run-file links, but not exactly: another port, scheme or spelling of the host, outside
    // the base's path, a query, not a run file. They are checked as any URL (and the Workbench is not on the list).
    [InlineData("http://127.0.0.1:5001/api/v1/resources/objects/runs/sim/shot.png")]
    [InlineData("https://127.0.0.1:5000/api/v1/resources/objects/runs/sim/shot.png")]
    [InlineData("http://localhost:5000/api/v1/resources/objects/runs/sim/shot.png")]
    [InlineData("http://127.0.0.1:5000/api/v1/resources/objects/runs/sim/shot.png?x=1")]
    [InlineData("http://127.0.0.1:5000/api/v1/resources/objects/runs/sim/Shot.png")]
    [InlineData("http://127.0.0.1:5000/api/v1/resources/objects/config/1/0f8fad5bd9cb469fa16570867728950e.json")]
    [InlineData("http://127.0.0.1:5000/api/v1/resources/objects/runs/../config/1/a.json")]
    [InlineData("https://rpa.corp.example/api/v1/resources/objects/runs/sim/shot.png")]
    [InlineData("https://rpa.corp.example/workbench2/api/v1/resources/objects/runs/sim/shot.png")]
    [InlineData("http://rpa.corp.example/workbench/api/v1/resources/objects/runs/sim/shot.png")]
    public void Check_HostNotOnTheListOrAnAddress_NotAllowed(string url)
    {
        var check = Policy.Check(url);

        Assert.False(check.IsAllowed, url);
        Assert.Equal(ResourceFetchOutcome.NotAllowed, check.Outcome);
        Assert.Contains("ProxyAllowedHosts", check.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://oss.example.test/shots/1.png")]
    [InlineData("http://oss.example.test/shots/1.png?OSSAccessKeyId=a&Expires=1&Signature=b%2Bc")]
    [InlineData("https://OSS.Example.TEST/shots/1.png")]
    [InlineData("https://oss.example.test:9000/bucket/shots/1.png")]
    [InlineData("https://a.cdn.example.test/shots/1.png")]
    [InlineData("https://b.a.CDN.example.test/shots/1.png#top")]
    public void Check_AllowedHostOverHttpOrHttps_Allowed(string url)
    {
        var check = Policy.Check(url);

        Assert.True(check.IsAllowed, check.Message);
        Assert.NotNull(check.Url);
    }

    [Theory]
    [InlineData("/api/v1/resources/objects/runs/demo/failure-1/screenshot.png", "runs/demo/failure-1/screenshot.png")]
    [InlineData("/api/v1/resources/objects/runs/2026/log.txt", "runs/2026/log.txt")]
    [InlineData("http://127.0.0.1:5000/api/v1/resources/objects/runs/simulated/2026-01-27/run-7f3a/screenshot.png", "runs/simulated/2026-01-27/run-7f3a/screenshot.png")]
    [InlineData("https://rpa.corp.example/workbench/api/v1/resources/objects/runs/simulated/2026-01-27/run-7f3a/log.txt", "runs/simulated/2026-01-27/run-7f3a/log.txt")]
    [InlineData("HTTPS://RPA.Corp.Example:443/workbench/api/v1/resources/objects/runs/a/log.txt", "runs/a/log.txt")]
    public void Check_LinkToARunFileInTheWorkbenchStore_AllowedAsThatKey(string url, string key)
    {
        var check = Policy.Check(url);

        Assert.True(check.IsAllowed, check.Message);
        Assert.Null(check.Url);
        Assert.Equal(key, check.StoredKey);
    }
}
