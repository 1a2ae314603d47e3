using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Core.Users;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Users.Sessions;

/// <summary>
/// A session ends on the server the moment it should: a cookie saved before sign-out, a password change elsewhere or an
/// admin's change is refused on the very next request (pages redirect to the sign-in page, APIs answer 401).
/// </summary>
public sealed class SessionEndingTests(WorkbenchAppFactory app) : IClassFixture<WorkbenchAppFactory>
{
    private const string Password = "session ending pass phrase";
    private const string LogsPage = "/logs";
    private const string Export = "/api/v1/logs/export";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> AdminChanges => ["role", "disable", "reset_password"];

    [Fact]
    public async Task SignOut_CookieSavedBefore_IsRefusedOnPagesAndTheExport()
    {
        await app.AddUserAsync("replayed", Password, Roles.Viewer);
        var browser = app.Browser();
        var saved = await SavedSession.SignInAsync(browser, "replayed", Password);
        Assert.Equal(HttpStatusCode.OK, (await SavedSession.GetAsync(app, saved, LogsPage, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SavedSession.GetAsync(app, saved, Export, Ct)).StatusCode);

        await SavedSession.SignOutAsync(browser, Ct);

        AssertSentToSignIn(await SavedSession.GetAsync(app, saved, LogsPage, Ct));
        Assert.Equal(HttpStatusCode.Unauthorized, (await SavedSession.GetAsync(app, saved, Export, Ct)).StatusCode);
    }

    [Fact]
    public async Task ChangeOwnPassword_OtherSessionEndsAtOnce_ThisOneStays()
    {
        await app.AddUserAsync("two-browsers", Password, Roles.Operator);
        var here = app.Browser();
        var hereCookie = await SavedSession.SignInAsync(here, "two-browsers", Password);
        var elsewhere = await SavedSession.SignInAsync(app.Browser(), "two-browsers", Password);

        var changed = await SignInForm.PostAsync(here, "/account/password", "change-password", new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = Password,
            ["Input.NewPassword"] = "a brand new pass phrase",
            ["Input.ConfirmPassword"] = "a brand new pass phrase",
        });

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await here.GetAsync(LogsPage, Ct)).StatusCode);
        AssertSentToSignIn(await SavedSession.GetAsync(app, elsewhere, LogsPage, Ct));
        // The cookie the page re-issued replaces the one this browser had; that one still names this session.
        Assert.Equal(HttpStatusCode.OK, (await SavedSession.GetAsync(app, hereCookie, LogsPage, Ct)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(AdminChanges))]
    public async Task AdminChange_UsersSessionEndsAtOnce(string change)
    {
        var userName = "ended-by-admin-" + change;
        await app.AddUserAsync(userName, Password, Roles.Operator);
        var saved = await SavedSession.SignInAsync(app.Browser(), userName, Password);
        Assert.Equal(HttpStatusCode.OK, (await SavedSession.GetAsync(app, saved, LogsPage, Ct)).StatusCode);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var user = (await scope.ServiceProvider.GetRequiredService<UserManager<WorkbenchUser>>().FindByNameAsync(userName))!;
            var users = WorkbenchAppFactory.AsAdmin<UserService>(scope);
            await (change switch
            {
                "role" => users.ChangeRoleAsync(user.Id, Roles.Viewer, Ct),
                "disable" => users.SetDisabledAsync(user.Id, disabled: true, Ct),
                _ => users.ResetPasswordAsync(user.Id, "the admin's choice", "the admin's choice", Ct),
            });
        }

        AssertSentToSignIn(await SavedSession.GetAsync(app, saved, LogsPage, Ct));
        Assert.Equal(HttpStatusCode.Unauthorized, (await SavedSession.GetAsync(app, saved, Export, Ct)).StatusCode);
    }

    private static void AssertSentToSignIn(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/signin?ReturnUrl=", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }
}
