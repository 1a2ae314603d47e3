using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Security;

/// <summary>
/// Outside Development: HTTPS is enforced where the server has an HTTPS port (redirect, HSTS), a plain-HTTP deployment
/// works without redirects or warnings, and behind a trusted proxy its X-Forwarded-Proto counts.
/// </summary>
public sealed class TransportSecurityTests
{
    private const string HttpsPort = "8443";

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PlainHttpInProduction_NoRedirectNoHstsAndNoWarningLogged()
    {
        var logs = new CapturingLoggerProvider();
        await using var production = WorkbenchAppFactory.With(new Dictionary<string, string>(), "Production");
        await using var logged = production.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(logs)));
        var client = logged.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var health = await client.GetAsync("/healthz", Ct);
        var page = await client.GetAsync("/signin", Ct);

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.False(health.Headers.Contains("Strict-Transport-Security"));
        var warnings = logs.Entries.Where(e => e.Level >= LogLevel.Warning).Select(e => $"{e.Category}: {e.Message}").ToList();
        Assert.True(warnings.Count == 0, string.Join(Environment.NewLine, warnings));
    }

    [Fact]
    public async Task HttpsPortConfigured_HttpRequestIsRedirectedToHttps()
    {
        await using var production = WorkbenchAppFactory.With(new Dictionary<string, string> { ["https_port"] = HttpsPort }, "Production");
        var client = production.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync("/signin?ReturnUrl=%2Faccounts", Ct);

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal($"https://localhost:{HttpsPort}/signin?ReturnUrl=%2Faccounts", response.Headers.Location?.AbsoluteUri);
    }

    [Fact]
    public async Task HttpsRequest_GetsHsts()
    {
        await using var production = WorkbenchAppFactory.With(new Dictionary<string, string> { ["https_port"] = "443" }, "Production");
        var client = production.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://workbench.example") });

        var response = await client.GetAsync("/healthz", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("max-age=", string.Join("", response.Headers.GetValues("Strict-Transport-Security")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BehindTrustedProxy_ForwardedHttpsIsNotRedirectedAndGetsHsts()
    {
        await using var proxied = new KestrelWorkbenchFactory(new Dictionary<string, string>
        {
            ["https_port"] = HttpsPort,
            ["Workbench:ForwardedHeaders:Enabled"] = "true",
        }, "Production");

        var response = await SendThroughProxyAsync(proxied, "https");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task ForwardedHeadersNotEnabled_ForwardedProtoIsIgnored()
    {
        await using var direct = new KestrelWorkbenchFactory(new Dictionary<string, string> { ["https_port"] = HttpsPort }, "Production");

        var response = await SendThroughProxyAsync(direct, "https");

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
    }

    [Fact]
    public async Task ForwardedHeaders_InvalidProxyAddress_StopsStartupNamingTheOption()
    {
        await using var broken = WorkbenchAppFactory.With(new Dictionary<string, string> { ["Workbench:ForwardedHeaders:KnownProxies:0"] = "10.0.0.300" });

        var error = Assert.ThrowsAny<Exception>(() => broken.CreateClient());

        Assert.Contains("Workbench:ForwardedHeaders:KnownProxies", error.ToString(), StringComparison.Ordinal);
    }

    // A TLS-terminating proxy on this machine (loopback is trusted by default) forwarding a request for a public name.
    private async Task<HttpResponseMessage> SendThroughProxyAsync(KestrelWorkbenchFactory app, string scheme)
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.BaseUrl };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/healthz");
        request.Headers.Host = "workbench.example";
        request.Headers.Add("X-Forwarded-Proto", scheme);
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        return await client.SendAsync(request, Ct);
    }
}
