using System.Net;
using RpaWorkbench.Tests.Infrastructure;
using RpaWorkbench.Web.Features.ResourceProxy;
using static RpaWorkbench.Tests.ResourceProxy.ProxyAssertions;

namespace RpaWorkbench.Tests.ResourceProxy;

/// <summary>
/// What the proxy refuses, through the whole Workbench: bad and disallowed URLs before any look-up, allowed names that
/// resolve to forbidden addresses before any connection, and redirects to anywhere not allowed. The test network fails
/// on any look-up it does not know and any connection beyond loopback, and every test checks it stayed clean.
/// </summary>
public sealed class ResourceProxyRefusalTests(ResourceProxyFixture fixture) : IClassFixture<ResourceProxyFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ResourceProxyAppFactory App => fixture.App;

    private LoopbackOnlyProxyNetwork Network => App.Network;

    private LocalResourceServer Storage => fixture.Storage;

    [Theory]
    [InlineData("", HttpStatusCode.BadRequest)]
    [InlineData("/shots/1.png", HttpStatusCode.BadRequest)]
    [InlineData("garbage", HttpStatusCode.BadRequest)]
    [InlineData("file:///etc/passwd", HttpStatusCode.BadRequest)]
    [InlineData("ftp://oss.example.test/shots/1.png", HttpStatusCode.BadRequest)]
    [InlineData("data:text/html,<script>alert(1)</script>", HttpStatusCode.BadRequest)]
    [InlineData("http://user:secret@oss.example.test/shots/1.png", HttpStatusCode.BadRequest)]
    [InlineData("http://evil.test/shots/1.png", HttpStatusCode.Forbidden)]
    [InlineData("http://localhost/", HttpStatusCode.Forbidden)]
    [InlineData("http://127.0.0.1/", HttpStatusCode.Forbidden)]
    [InlineData("http://2130706433/", HttpStatusCode.Forbidden)]
    [InlineData("http://0x7f.1/", HttpStatusCode.Forbidden)]
    [InlineData("http://169.254.169.254/latest/meta-data/", HttpStatusCode.Forbidden)]
    [InlineData("http://10.0.0.1/", HttpStatusCode.Forbidden)]
    [InlineData("http://[::1]/", HttpStatusCode.Forbidden)]
    [InlineData("http://[::ffff:127.0.0.1]/", HttpStatusCode.Forbidden)]
    [InlineData("http://[fe80::1]/", HttpStatusCode.Forbidden)]
    [InlineData("http://OSS.EXAMPLE.TEST./shots/1.png", HttpStatusCode.Forbidden)]
    public async Task Get_RefusedUrl_ProblemNamingUrlWithoutAnyLookUpOrConnection(string url, HttpStatusCode status)
    {
        var (resolved, connected) = (Network.Resolved.Count, Network.Connected.Count);

        var response = await (await fixture.SignedInAsync()).GetAsync(ResourceProxyEndpoints.PathFor(url), Ct);

        await UrlProblemAsync(response, status);
        Assert.Equal(resolved, Network.Resolved.Count);
        Assert.Equal(connected, Network.Connected.Count);
        Assert.Empty(Network.Violations);
    }

    [Fact]
    public async Task Get_NoUrlParameter_400NamingUrl()
    {
        var response = await (await fixture.SignedInAsync()).GetAsync(ResourceProxyEndpoints.ProxyPath, Ct);

        await UrlProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Get_TwoUrlParameters_400NamingUrl()
    {
        var url = Uri.EscapeDataString(Storage.Url(ResourceProxyAppFactory.StorageHost, "/shots/1.png"));

        var response = await (await fixture.SignedInAsync()).GetAsync($"{ResourceProxyEndpoints.ProxyPath}?url={url}&url={url}", Ct);

        await UrlProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("metadata", new[] { "169.254.169.254" })]
    [InlineData("private10", new[] { "10.0.0.5" })]
    [InlineData("private172", new[] { "172.20.1.1" })]
    [InlineData("private192", new[] { "192.168.1.10" })]
    [InlineData("cgnat", new[] { "100.64.1.1" })]
    [InlineData("otherloopback", new[] { "127.0.0.2" })]
    [InlineData("zero", new[] { "0.0.0.0" })]
    [InlineData("multicast", new[] { "239.255.255.250" })]
    [InlineData("loopback6", new[] { "::1" })]
    [InlineData("linklocal6", new[] { "fe80::1" })]
    [InlineData("uniquelocal6", new[] { "fd00::1" })]
    [InlineData("mapped6", new[] { "::ffff:169.254.169.254" })]
    [InlineData("nat64", new[] { "64:ff9b::a9fe:a9fe" })]
    [InlineData("mixed", new[] { "127.0.0.1", "169.254.169.254" })]
    public async Task Get_AllowedNameResolvingToForbiddenAddress_403BeforeAnyConnection(string label, string[] addresses)
    {
        var host = App.Trap(label, addresses);
        Storage.Serve("/shots/trap.png", [1, 2, 3], "image/png");
        var connected = Network.Connected.Count;

        var response = await (await fixture.SignedInAsync()).GetAsync(ResourceProxyEndpoints.PathFor(Storage.Url(host, "/shots/trap.png")), Ct);

        var message = await UrlProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Contains(host, message, StringComparison.Ordinal);
        Assert.Contains(host, Network.Resolved);
        Assert.Equal(connected, Network.Connected.Count);
        Assert.Empty(Network.Violations);
    }

    [Fact]
    public async Task Get_NameRebindsToMetadataAddress_SecondFetchRefusedAtConnect()
    {
        var host = App.Trap("rebinding", "127.0.0.1");
        Storage.Serve("/shots/rebind.png", [7, 7, 7], "image/png");
        var browser = await fixture.SignedInAsync();
        var first = await browser.GetAsync(ResourceProxyEndpoints.PathFor(Storage.Url(host, "/shots/rebind.png")), Ct);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        App.Trap("rebinding", "169.254.169.254");
        // Another port: a new connection, so the pooled one to 127.0.0.1 cannot serve it.
        var response = await browser.GetAsync(ResourceProxyEndpoints.PathFor($"http://{host}:{Storage.Port + 1}/shots/rebind.png"), Ct);

        await UrlProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Empty(Network.Violations);
    }

    [Theory]
    [InlineData("http://evil.test/latest/meta-data/")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://[::1]/")]
    [InlineData("http://localhost/admin")]
    [InlineData("file:///etc/passwd")]
    [InlineData("http://user:secret@oss.example.test/shots/1.png")]
    [InlineData("http://metadata-redirect.trap.example.test/latest/meta-data/")]
    public async Task Get_RedirectToUrlNotAllowed_403AndNoFurtherRequest(string location)
    {
        App.Trap("metadata-redirect", "169.254.169.254");
        Storage.Answer("/shots/moved.png", context =>
        {
            context.Response.Redirect(location);
            return Task.CompletedTask;
        });
        var served = Storage.Requests.Count;

        var response = await (await fixture.SignedInAsync()).GetAsync(
            ResourceProxyEndpoints.PathFor(Storage.Url(ResourceProxyAppFactory.StorageHost, "/shots/moved.png")), Ct);

        await UrlProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal(served + 1, Storage.Requests.Count);
        Assert.DoesNotContain("evil.test", Network.Resolved);
        Assert.Empty(Network.Violations);
    }

    [Fact]
    public async Task Get_RedirectLoop_502AfterTheAllowedHops()
    {
        Storage.Answer("/shots/loop.png", context =>
        {
            context.Response.Redirect("/shots/loop.png");
            return Task.CompletedTask;
        });
        var served = Storage.Requests.Count(r => r.Path == "/shots/loop.png");

        var response = await (await fixture.SignedInAsync()).GetAsync(
            ResourceProxyEndpoints.PathFor(Storage.Url(ResourceProxyAppFactory.StorageHost, "/shots/loop.png")), Ct);

        await ProblemAsync(response, HttpStatusCode.BadGateway);
        Assert.Equal(served + 4, Storage.Requests.Count(r => r.Path == "/shots/loop.png"));
    }

    [Fact]
    public async Task TestNetwork_ConnectBeyondLoopback_ThrowsAndRecordsWithoutTouchingTheNetwork()
    {
        var network = new LoopbackOnlyProxyNetwork();

        await Assert.ThrowsAsync<InvalidOperationException>(() => network.ConnectAsync(new IPEndPoint(IPAddress.Parse("169.254.169.254"), 80), Ct));
        await Assert.ThrowsAsync<InvalidOperationException>(() => network.ResolveAsync("example.com", Ct));

        Assert.Equal(2, network.Violations.Count);
        Assert.Empty(network.Connected);
    }
}
