using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Web.Features.Security;

namespace RpaWorkbench.Tests.Infrastructure;

/// <summary>The Workbench on a real Kestrel port on 127.0.0.1, for browser tests. <see cref="BaseUrl"/> after start.</summary>
public sealed class KestrelWorkbenchFactory : WorkbenchAppFactory
{
    private readonly Action<IServiceCollection>? _testServices;

    /// <summary>Browser journeys start from the demo data an operator sees on a first run (signed in as the bootstrap admin).</summary>
    public KestrelWorkbenchFactory()
        : this(new Dictionary<string, string> { ["Workbench:Demo"] = "true" })
    {
    }

    /// <summary>
    /// A Workbench with these settings (and the webhook key <see cref="WebhookAppFactory.Key"/>) on a real port;
    /// <paramref name="testServices"/> replaces services after the host's own (e.g. the resource proxy's network).
    /// </summary>
    public KestrelWorkbenchFactory(
        IReadOnlyDictionary<string, string> settings, string environment = "Development", Action<IServiceCollection>? testServices = null)
        : base(new Dictionary<string, string>(settings) { ["Workbench:Bootstrap:WebhookApiKey"] = WebhookAppFactory.Key }, environment)
    {
        _testServices = testServices;
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
    }

    /// <summary>A viewer-scoped API key owned by the bootstrap admin: what a script reading the Workbench uses.</summary>
    public Task<string> ViewerKeyAsync() => KeySecretAsync(ApiKeyScopes.Viewer);

    public Uri BaseUrl
    {
        get
        {
            StartServer();
            return ClientOptions.BaseAddress;
        }
    }

    /// <summary>Signs in through the real form over HTTP and returns the session cookie, for a browser to start signed in.</summary>
    public async Task<Microsoft.Playwright.Cookie> SignInCookieAsync(string userName, string password)
    {
        var cookies = new CookieContainer();
        using var handler = new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false };
        using var client = new HttpClient(handler) { BaseAddress = BaseUrl };
        await SignInForm.SignInAsync(client, userName, password);
        var session = cookies.GetCookies(BaseUrl)[SecuritySetup.CookieName]
                      ?? throw new InvalidOperationException($"Signing in as {userName} gave no session cookie.");
        return new Microsoft.Playwright.Cookie { Name = session.Name, Value = session.Value, Url = BaseUrl.GetLeftPart(UriPartial.Authority) };
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        if (_testServices is not null)
        {
            builder.ConfigureTestServices(_testServices);
        }
    }
}
