using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using RpaWorkbench.Tests.Infrastructure;
using RpaWorkbench.Tests.Webhooks;

namespace RpaWorkbench.Tests.Security;

/// <summary>Every kind of response carries the browser security headers; a page's policy allows exactly its own import map.</summary>
public sealed partial class SecurityHeadersTests(WebhookAppFactory app) : IClassFixture<WebhookAppFactory>
{
    // docs/security.md, Transport, headers and limits: the policy of every response but a page (which adds its import map's hash to script-src).
    private const string SitePolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("page", "/signin")]
    [InlineData("redirect to sign-in", "/accounts")]
    [InlineData("not-found page", "/no-such-page-either")]
    [InlineData("static file", "/app.css")]
    [InlineData("health check", "/healthz")]
    [InlineData("API without a key", "/api/v1/webhook/heartbeat")]
    [InlineData("unknown API", "/api/v1/nothing-here")]
    public async Task AnyResponse_CarriesTheSecurityHeaders(string kind, string path)
    {
        var response = await app.Browser().GetAsync(path, Ct);

        AssertSecurityHeaders(response, kind);
    }

    [Fact]
    public async Task WebhookAnswer_CarriesTheSecurityHeadersWithTheBasePolicy()
    {
        var response = await app.PostAsync("heartbeat", new { shadow_bot_account = WebhookPayloads.NewAccount() }, Ct);

        response.EnsureSuccessStatusCode();
        AssertSecurityHeaders(response, "webhook");
        Assert.Equal(SitePolicy, Csp(response));
    }

    [Fact]
    public async Task Page_ScriptSourceAllowsItsImportMapAndNoOtherInlineScript()
    {
        var response = await app.Browser().GetAsync("/signin", Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);

        var importMap = ImportMap().Match(html);
        Assert.True(importMap.Success, "The page has no import map.");
        var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(importMap.Groups[1].Value)));
        Assert.Contains($"script-src 'self' 'sha256-{hash}';", Csp(response), StringComparison.Ordinal);
        Assert.All(ScriptTags().Matches(html), tag => Assert.True(
            tag.Value.Contains(" src=", StringComparison.Ordinal) || tag.Value.Contains("type=\"importmap\"", StringComparison.Ordinal),
            $"Inline script the policy would refuse: {tag.Value}"));
    }

    [Fact]
    public async Task Policy_AllowsOnlyThisSiteAndRefusesFramingPluginsAndForeignForms()
    {
        var csp = Csp(await app.CreateClient().GetAsync("/healthz", Ct));

        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("object-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("base-uri 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("form-action 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("script-src 'self' 'unsafe-inline'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("http:", csp, StringComparison.Ordinal);
    }

    private static void AssertSecurityHeaders(HttpResponseMessage response, string kind)
    {
        Assert.True(Csp(response).Contains("frame-ancestors 'none'", StringComparison.Ordinal), $"{kind}: {Csp(response)}");
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("strict-origin-when-cross-origin", Header(response, "Referrer-Policy"));
        Assert.Equal(
            "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()",
            Header(response, "Permissions-Policy"));
    }

    private static string Csp(HttpResponseMessage response) => Header(response, "Content-Security-Policy");

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : "";

    [GeneratedRegex("<script type=\"importmap\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex ImportMap();

    [GeneratedRegex("<script[^>]*>")]
    private static partial Regex ScriptTags();
}
