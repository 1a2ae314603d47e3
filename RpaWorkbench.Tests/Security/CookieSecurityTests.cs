using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Security;

/// <summary>
/// Every cookie the server sets (antiforgery, session, language) follows one rule: <c>Secure</c> exactly when the client
/// used HTTPS — directly, or through a trusted proxy's <c>X-Forwarded-Proto</c>. HSTS follows the framework's rule of
/// leaving loopback names alone (see docs/security.md).
/// </summary>
public sealed class CookieSecurityTests
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("https", true)]
    [InlineData("http", false)]
    public async Task BehindTrustedProxy_EveryCookieIsSecureExactlyWhenTheClientUsedHttps(string clientScheme, bool secure)
    {
        await using var app = WorkbenchAppFactory.With(new Dictionary<string, string> { ["Workbench:ForwardedHeaders:Enabled"] = "true" });
        // Cookies are carried by hand: a cookie jar would not send Secure cookies back over the proxy's plain-HTTP hop.
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", clientScheme);

        var signInPage = await client.GetAsync("/signin", Ct);
        var token = SignInForm.TokenIn(await signInPage.Content.ReadAsStringAsync(Ct), "/signin");
        using var form = new HttpRequestMessage(HttpMethod.Post, "/signin?ReturnUrl=%2F")
        {
            Content = SignInForm.Body("sign-in", SignInForm.SignInFields(WorkbenchAppFactory.AdminUser, WorkbenchAppFactory.AdminPassword), token),
        };
        form.Headers.Add("Cookie", string.Join("; ", SetCookies(signInPage).Select(c => c.Split(';')[0])));
        var signIn = await client.SendAsync(form, Ct);
        var language = await client.GetAsync("/culture/set?culture=en&redirectUri=%2F", Ct);

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var cookies = new[] { signInPage, signIn, language }.SelectMany(SetCookies).ToList();
        Assert.Contains(cookies, c => c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
        Assert.Contains(cookies, c => c.StartsWith("wb.auth=", StringComparison.Ordinal));
        Assert.Contains(cookies, c => c.StartsWith(".AspNetCore.Culture=", StringComparison.Ordinal));
        Assert.All(cookies, c => Assert.Equal(secure, c.Contains("; secure", StringComparison.OrdinalIgnoreCase)));
    }

    [Theory]
    [InlineData("localhost", false)]
    [InlineData("127.0.0.1", false)]
    [InlineData("workbench.example", true)]
    public async Task HttpsRequest_HstsOnlyForNamesThatAreNotLoopback(string host, bool hsts)
    {
        await using var production = WorkbenchAppFactory.With(new Dictionary<string, string> { ["https_port"] = "443" }, "Production");
        var client = production.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri($"https://{host}") });

        var response = await client.GetAsync("/healthz", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(hsts, response.Headers.Contains("Strict-Transport-Security"));
    }

    private static IEnumerable<string> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [];
}
