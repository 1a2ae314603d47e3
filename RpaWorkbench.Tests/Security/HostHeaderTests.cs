using System.Net;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Security;

/// <summary>
/// The Host header a client sends never comes back in a redirect or a link: redirects on this site are paths, links
/// in pages are relative. Sent over a real socket, so the header is exactly what a client on the network can send.
/// </summary>
public sealed class HostHeaderTests : IAsyncLifetime
{
    private const string PoisonedHost = "evil.example";

    private readonly KestrelWorkbenchFactory _app = new(new Dictionary<string, string>());

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task SignedOut_PageRequestWithAPoisonedHost_RedirectsToTheSignInPath()
    {
        var response = await Client(new CookieContainer()).GetAsync("/", Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/signin?ReturnUrl=%2F", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task SignedIn_RedirectsWithAPoisonedHost_ArePaths()
    {
        var client = Client(new CookieContainer());
        var signIn = await SignInForm.SignInAsync(client, WorkbenchAppFactory.AdminUser, WorkbenchAppFactory.AdminPassword, "/accounts");

        var alreadySignedIn = await client.GetAsync("/signin?ReturnUrl=%2Flogs", Ct);
        var home = await client.GetAsync("/", Ct);
        var setUpAlready = await client.GetAsync("/setup", Ct);

        Assert.Equal(
            ["/accounts", "/logs", "/accounts", "/signin"],
            new[] { signIn, alreadySignedIn, home, setUpAlready }.Select(r => r.Headers.Location?.OriginalString));
    }

    [Theory]
    [InlineData("/dashboard")]
    [InlineData("/logs")]
    [InlineData("/admin/audit")]
    public async Task SignedIn_PageWithAPoisonedHost_LinksNowhereElse(string path)
    {
        var client = Client(new CookieContainer());
        await SignInForm.SignInAsync(client, WorkbenchAppFactory.AdminUser, WorkbenchAppFactory.AdminPassword);

        var html = await client.GetStringAsync(path, Ct);

        Assert.DoesNotContain(PoisonedHost, html, StringComparison.OrdinalIgnoreCase);
    }

    private HttpClient Client(CookieContainer cookies)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = _app.BaseUrl };
        client.DefaultRequestHeaders.Host = PoisonedHost;
        return client;
    }
}
