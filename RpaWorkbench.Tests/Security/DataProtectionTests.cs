using System.Net;
using RpaWorkbench.Tests.Infrastructure;
using RpaWorkbench.Web.Features.Security;

namespace RpaWorkbench.Tests.Security;

/// <summary>The keys behind sign-in cookies live with the data, so a restart keeps people signed in.</summary>
public sealed class DataProtectionTests
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SignInCookie_AfterRestartOnTheSameData_StillSignsIn()
    {
        using var data = new TempDirectory();
        string cookie;
        await using (var before = WorkbenchAppFactory.On(data))
        {
            cookie = await SignInCookieAsync(before);
        }

        await using var after = WorkbenchAppFactory.On(data);
        var response = await GetAccountsAsync(after, cookie);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task SignInCookie_OnAnotherWorkbenchWithItsOwnKeys_IsNotAccepted()
    {
        await using var first = new WorkbenchAppFactory();
        await using var other = new WorkbenchAppFactory();
        var cookie = await SignInCookieAsync(first);

        var response = await GetAccountsAsync(other, cookie);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/signin", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keys_AreKeptNextToTheDatabase_ReadableByTheOwnerOnly()
    {
        await using var app = new WorkbenchAppFactory();
        await SignInCookieAsync(app);

        var keys = Path.Combine(app.DataDirectory, "keys");
        Assert.NotEmpty(Directory.GetFiles(keys, "key-*.xml"));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(keys));
        }
    }

    [Fact]
    public async Task KeysDirectory_Configured_IsUsed()
    {
        using var shared = new TempDirectory();
        await using var app = WorkbenchAppFactory.With(new Dictionary<string, string>
        {
            [$"{DataProtectionSetup.SectionName}:KeysDirectory"] = shared.Path,
        });

        await SignInCookieAsync(app);

        Assert.NotEmpty(Directory.GetFiles(shared.Path, "key-*.xml"));
        Assert.False(Directory.Exists(Path.Combine(app.DataDirectory, "keys")));
    }

    private async Task<string> SignInCookieAsync(WorkbenchAppFactory app)
    {
        var response = await SignInForm.SignInAsync(app.Browser(), WorkbenchAppFactory.AdminUser, WorkbenchAppFactory.AdminPassword);
        return response.Headers.GetValues("Set-Cookie")
                   .Select(c => c.Split(';')[0])
                   .SingleOrDefault(c => c.StartsWith(SecuritySetup.CookieName + "=", StringComparison.Ordinal))
               ?? throw new InvalidOperationException("Signing in gave no session cookie.");
    }

    private async Task<HttpResponseMessage> GetAccountsAsync(WorkbenchAppFactory app, string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/accounts");
        request.Headers.Add("Cookie", cookie);
        return await app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false })
            .SendAsync(request, Ct);
    }
}
