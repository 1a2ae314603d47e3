using Microsoft.Playwright;
using RpaWorkbench.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace RpaWorkbench.Tests.Accounts;

[Collection(BrowserCollection.Name)]
public sealed class AccountsBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task FirstRunWithDemo_ShowsSeededRobotsOnlineAndOffline()
    {
        var page = await browser.NewPageAsync();
        await BrowserEvidence.RunAsync(page, nameof(FirstRunWithDemo_ShowsSeededRobotsOnlineAndOffline), async () =>
        {
            await BrowserFixture.GotoInteractiveAsync(page, "/accounts");

            var online = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "tygj001-192.168.10.21:8080" });
            await Expect(online).ToContainTextAsync("Online");
            await Expect(online).ToContainTextAsync("云仓收藏");
            var offline = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "tygj004-192.168.10.24:8081" });
            await Expect(offline).ToContainTextAsync("Offline");
            await DocsScreenshots.SaveAsync(page, "accounts");
        });
    }

    [Fact]
    public async Task CreateAccountThroughDialog_AppearsInGrid()
    {
        var page = await browser.NewPageAsync();
        await BrowserEvidence.RunAsync(page, nameof(CreateAccountThroughDialog_AppearsInGrid), async () =>
        {
            await BrowserFixture.GotoInteractiveAsync(page, "/accounts");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Robot accounts" })).ToBeVisibleAsync();

            var dialog = await BrowserFixture.OpenFormDialogAsync(page, "New account");
            await dialog.GetByLabel("Account").FillAsync("pw-robot-01");
            await dialog.GetByLabel("Host").FillAsync("10.20.30.40");
            await dialog.GetByLabel("Port").FillAsync("18080");
            await DocsScreenshots.SaveAsync(page, "account-dialog");
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

            await Expect(dialog).ToBeHiddenAsync();
            await page.GetByLabel("Search account or host").FillAsync("pw-robot");
            var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "pw-robot-01" });
            await Expect(row).ToContainTextAsync("pw-robot-01-10.20.30.40:18080");
            await Expect(row).ToContainTextAsync("Pending");
            await Expect(row).ToContainTextAsync("Offline");
        });
    }

    [Fact]
    public async Task DarkModeAndLanguage_AreRememberedAcrossReloads()
    {
        var page = await browser.NewPageAsync();
        await BrowserEvidence.RunAsync(page, nameof(DarkModeAndLanguage_AreRememberedAcrossReloads), async () =>
        {
            await BrowserFixture.GotoInteractiveAsync(page, "/accounts");
            var lightBackground = await BackgroundAsync(page);

            await page.GetByRole(AriaRole.Button, new() { Name = "Toggle dark mode" }).ClickAsync();
            await Expect(page.Locator("html")).Not.ToHaveCSSAsync("--mud-palette-background", lightBackground);
            await page.GetByRole(AriaRole.Button, new() { Name = "Language" }).ClickAsync();
            await page.GetByText("中文").ClickAsync();

            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "机器人账号" })).ToBeVisibleAsync();
            await page.ReloadAsync();
            await page.Locator("[data-workbench-ready=true]").WaitForAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "机器人账号" })).ToBeVisibleAsync();
            Assert.NotEqual(lightBackground, await BackgroundAsync(page));
        });
    }

    private static Task<string> BackgroundAsync(IPage page) =>
        page.EvaluateAsync<string>("() => getComputedStyle(document.documentElement).getPropertyValue('--mud-palette-background').trim()");
}
