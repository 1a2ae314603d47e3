using Microsoft.Playwright;
using RpaWorkbench.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace RpaWorkbench.Tests.Security;

/// <summary>The pages work in a real Chromium under the Workbench's Content-Security-Policy, and nothing is refused.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ContentSecurityPolicyBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task AccountsPage_SignedInWithDialogAndMenus_NothingIsRefused()
    {
        var page = await browser.NewPageAsync();
        var policy = await PolicyViolations.WatchAsync(page);
        await BrowserEvidence.RunAsync(page, nameof(AccountsPage_SignedInWithDialogAndMenus_NothingIsRefused), async () =>
        {
            var response = await page.GotoAsync("/accounts");
            Assert.Contains("frame-ancestors 'none'", await response!.HeaderValueAsync("content-security-policy"), StringComparison.Ordinal);
            await page.Locator("[data-workbench-ready=true]").WaitForAsync();

            var dialog = await BrowserFixture.OpenFormDialogAsync(page, "New account");
            await dialog.GetByLabel("Account").FillAsync("csp-robot");
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
            await Expect(dialog).ToBeHiddenAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Language" }).ClickAsync();
            await Expect(page.GetByText("中文")).ToBeVisibleAsync();

            Assert.Empty(await policy.ReportedAsync());
            Assert.True(policy.ConsoleMessages.Count == 0, string.Join(Environment.NewLine, policy.ConsoleMessages));
            // The circuit runs over a WebSocket ('self' in connect-src covers ws:), not a long-polling fallback.
            Assert.Contains(policy.WebSockets, url => url.StartsWith("ws://", StringComparison.Ordinal) && url.Contains("/_blazor", StringComparison.Ordinal));
        });
    }

    [Fact]
    public async Task SignInForm_PostsAndLandsOnAnInteractivePage_NothingIsRefused()
    {
        var page = await browser.NewPageAsync(userName: null);
        var policy = await PolicyViolations.WatchAsync(page);
        await BrowserEvidence.RunAsync(page, nameof(SignInForm_PostsAndLandsOnAnInteractivePage_NothingIsRefused), async () =>
        {
            await page.GotoAsync("/signin?ReturnUrl=%2Faccounts");
            Assert.Empty(await policy.ReportedAsync());

            await page.GetByLabel("User name").FillAsync(WorkbenchAppFactory.AdminUser);
            await page.GetByLabel("Password").FillAsync(WorkbenchAppFactory.AdminPassword);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await page.Locator("[data-workbench-ready=true]").WaitForAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Robot accounts" })).ToBeVisibleAsync();

            Assert.Empty(await policy.ReportedAsync());
            Assert.True(policy.ConsoleMessages.Count == 0, string.Join(Environment.NewLine, policy.ConsoleMessages));
        });
    }
}
