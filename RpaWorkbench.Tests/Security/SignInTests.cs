using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Core.Users;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Security;

public sealed class SignInTests(WorkbenchAppFactory app) : IClassFixture<WorkbenchAppFactory>
{
    private const string Password = "correct horse battery";

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SignIn_CorrectPassword_SetsHttpOnlyCookieAndGoesToReturnUrl()
    {
        var response = await SignInForm.SignInAsync(app.Browser(), WorkbenchAppFactory.AdminUser, WorkbenchAppFactory.AdminPassword, "/accounts?status=failed");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/accounts?status=failed", OnThisSite(response));
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("wb.auth=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    public async Task SignIn_ForeignReturnUrl_GoesHomeInstead(string returnUrl)
    {
        var response = await SignInForm.SignInAsync(app.Browser(), WorkbenchAppFactory.AdminUser, WorkbenchAppFactory.AdminPassword, returnUrl);

        Assert.Equal("/", OnThisSite(response));
    }

    [Fact]
    public async Task SignIn_WrongPassword_ShowsFormMessageAndNoCookie()
    {
        var response = await SignInForm.SignInAsync(English(app.Browser()), WorkbenchAppFactory.AdminUser, "not the password");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("The user name or password is not correct.", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Set-Cookie") && response.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith("wb.auth=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task SignIn_EmptyFields_AsksForThem()
    {
        var response = await SignInForm.SignInAsync(English(app.Browser()), "", "");

        Assert.Contains("Enter your user name and password.", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_FiveWrongPasswords_NoLongerLockTheUser()
    {
        // Anyone can type five wrong passwords for any name: that must not lock the user out (SignInThrottleTests).
        await app.AddUserAsync("lockout-victim", Password, Roles.Operator);
        var client = English(app.Browser());
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await SignInForm.SignInAsync(client, "lockout-victim", "wrong password " + attempt);
        }

        var response = await SignInForm.SignInAsync(client, "lockout-victim", Password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<WorkbenchUser>>();
        Assert.False(await users.IsLockedOutAsync((await users.FindByNameAsync("lockout-victim"))!));
    }

    [Fact]
    public async Task SignIn_DisabledUser_IsRefusedAndItsSessionStopsValidating()
    {
        await app.AddUserAsync("leaver", Password, Roles.Viewer);
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<WorkbenchUser>>();
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<WorkbenchUser>>();
        var user = (await users.FindByNameAsync("leaver"))!;
        var session = await signIn.CreateUserPrincipalAsync(user);
        Assert.NotNull(await signIn.ValidateSecurityStampAsync(session));

        user.IsDisabled = true;
        await users.UpdateAsync(user);
        var response = await SignInForm.SignInAsync(English(app.Browser()), "leaver", Password);

        Assert.Contains("The user name or password is not correct.", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Null(await signIn.ValidateSecurityStampAsync(session));
    }

    [Fact]
    public async Task SignInPage_NoUsersYet_SendsToSetup()
    {
        await using var fresh = WorkbenchAppFactory.WithoutUsers();

        var response = await fresh.Browser().GetAsync("/signin", Ct);

        Assert.Equal("/setup", OnThisSite(response));
    }

    [Fact]
    public async Task SignInPage_AlreadySignedIn_GoesToReturnUrl()
    {
        var client = await app.SignedInAsync();

        var response = await client.GetAsync("/signin?ReturnUrl=%2Faccounts", Ct);

        Assert.Equal("/accounts", OnThisSite(response));
    }

    [Fact]
    public async Task SignOut_WithToken_EndsTheSession()
    {
        var client = await app.SignedInAsync();
        var token = await SignInForm.TokenAsync(client, "/account/password");

        using var form = new FormUrlEncodedContent([new("__RequestVerificationToken", token)]);
        var response = await client.PostAsync("/signout", form, Ct);

        Assert.Equal("/signin", OnThisSite(response));
        Assert.StartsWith("/signin", (await client.GetAsync("/accounts", Ct)).Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignOut_WithoutToken_IsRefusedAndTheSessionStays()
    {
        var client = await app.SignedInAsync();

        using var form = new FormUrlEncodedContent([]);
        var response = await client.PostAsync("/signout", form, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/accounts", Ct)).StatusCode);
    }

    [Fact]
    public async Task SignIn_MorePostsThanTheLimit_Returns429WithRetryAfterAndAMessage()
    {
        await using var limited = WorkbenchAppFactory.With(new Dictionary<string, string> { ["Workbench:SignIn:MaxAttempts"] = "3" });
        var client = English(limited.Browser());
        for (var attempt = 0; attempt < 3; attempt++)
        {
            Assert.Equal(HttpStatusCode.OK, (await SignInForm.SignInAsync(client, "admin", "wrong " + attempt)).StatusCode);
        }

        var refused = await SignInForm.SignInAsync(client, WorkbenchAppFactory.AdminUser, WorkbenchAppFactory.AdminPassword);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Contains("Too many sign-in attempts", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/signin", Ct)).StatusCode);
    }

    /// <summary>The redirect target, which is a path on this site: redirects never name a host (HostHeaderTests).</summary>
    private static string OnThisSite(HttpResponseMessage response)
    {
        var location = Assert.IsType<Uri>(response.Headers.Location);
        Assert.False(location.IsAbsoluteUri, location.ToString());
        return location.OriginalString;
    }

    private static HttpClient English(HttpClient client)
    {
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        return client;
    }
}
