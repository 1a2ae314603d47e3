using Microsoft.Playwright;
using RpaWorkbench.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace RpaWorkbench.Tests.Accounts;

[Collection(BrowserCollection.Name)]
public sealed class AccountsBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task CreateAccountThroughDialog_AppearsInGrid()
    {
        var page = await browser.NewPageAsync();
        await BrowserEvidence.RunAsync(page, nameof(CreateAccountThroughDialog_AppearsInGrid), async () =>
        {
            await BrowserFixture.GotoInteractiveAsync(page, "/accounts");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Robot accounts" })).ToBeVisibleAsync();

            await page.GetByRole(AriaRole.Button, new() { Name = "New account" }).ClickAsync();
            var dialog = page.GetByRole(AriaRole.Dialog);
            await dialog.GetByLabel("Account").FillAsync("pw-robot-01");
            await dialog.GetByLabel("Host").FillAsync("10.20.30.40");
            await dialog.GetByLabel("Port").FillAsync("18080");
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

            await Expect(dialog).ToBeHiddenAsync();
            var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "pw-robot-01" });
            await Expect(row).ToContainTextAsync("pw-robot-01-10.20.30.40:18080");
            await Expect(row).ToContainTextAsync("Pending");
            await Expect(row).ToContainTextAsync("Offline");
        });
    }
}
