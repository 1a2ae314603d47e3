using Microsoft.Playwright;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace RpaWorkbench.Tests.Users;

/// <summary>Signing in through the real form in Chromium; each role sees the buttons it may use.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SignInBrowserTests(BrowserFixture browser)
{
    private const string Password = "browser pass phrase";

    [Fact]
    public async Task Operator_SignsInThroughTheForm_AndSeesNewAccount()
    {
        await browser.App.AddUserAsync("pw-operator", Password, Roles.Operator);
        var page = await browser.NewPageAsync(userName: null);
        await BrowserEvidence.RunAsync(page, nameof(Operator_SignsInThroughTheForm_AndSeesNewAccount), async () =>
        {
            await page.GotoAsync("/accounts");
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin\\?ReturnUrl=%2Faccounts$"));
            await DocsScreenshots.SaveAsync(page, "signin");

            await BrowserFixture.SignInThroughFormAsync(page, "pw-operator", Password);

            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Robot accounts" })).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "New account" })).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Banner)).ToContainTextAsync("pw-operator · Operator");
        });
    }

    [Fact]
    public async Task Viewer_SignsIn_SeesRowsButNoNewEditOrDelete_AndReachesChangePassword()
    {
        await browser.App.AddUserAsync("pw-viewer", Password, Roles.Viewer);
        var page = await browser.NewPageAsync(userName: null);
        await BrowserEvidence.RunAsync(page, nameof(Viewer_SignsIn_SeesRowsButNoNewEditOrDelete_AndReachesChangePassword), async () =>
        {
            await page.GotoAsync("/signin?ReturnUrl=%2Faccounts");
            await BrowserFixture.SignInThroughFormAsync(page, "pw-viewer", Password);

            var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "tygj001-192.168.10.21:8080" });
            await Expect(row).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Banner)).ToContainTextAsync("pw-viewer · Viewer");
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "New account" })).ToHaveCountAsync(0);
            await Expect(row.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);

            await page.GetByRole(AriaRole.Button, new() { Name = "pw-viewer · Viewer" }).ClickAsync();
            await page.GetByText("Change password").ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Change password" })).ToBeVisibleAsync();
            await Expect(page.GetByLabel("Current password")).ToBeVisibleAsync();
        });
    }

    [Fact]
    public async Task WrongPassword_StaysOnTheFormWithAMessage_ThenSignOutEndsTheSession()
    {
        var page = await browser.NewPageAsync(userName: null);
        await BrowserEvidence.RunAsync(page, nameof(WrongPassword_StaysOnTheFormWithAMessage_ThenSignOutEndsTheSession), async () =>
        {
            await page.GotoAsync("/signin");
            await BrowserFixture.SignInThroughFormAsync(page, WorkbenchAppFactory.AdminUser, "not the password");
            await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("The user name or password is not correct.");

            await BrowserFixture.SignInThroughFormAsync(page, WorkbenchAppFactory.AdminUser, WorkbenchAppFactory.AdminPassword);
            await page.GetByRole(AriaRole.Button, new() { Name = "admin · Admin" }).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();

            // The sign-out's redirect and the open page's own "your session ended" navigation race; both land on the form.
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin(\\?ReturnUrl=%2F[^&]*)?$"));
            await page.GotoAsync("/accounts");
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin\\?ReturnUrl="));
        });
    }
}
