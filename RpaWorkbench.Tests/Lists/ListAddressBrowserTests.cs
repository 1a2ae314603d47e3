using System.Text.RegularExpressions;
using Microsoft.Playwright;
using RpaWorkbench.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace RpaWorkbench.Tests.Lists;

/// <summary>A list's filter lives in its address: the address reopens the same view, and back returns to it.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class ListAddressBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task FilteredAccounts_AddressReopensTheSameView_AndBackReturnsToIt()
    {
        var page = await browser.NewPageAsync();
        await BrowserEvidence.RunAsync(page, nameof(FilteredAccounts_AddressReopensTheSameView_AndBackReturnsToIt), async () =>
        {
            await BrowserFixture.GotoInteractiveAsync(page, "/accounts");
            await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "tygj001-192.168.10.21:8080" })).ToBeVisibleAsync();

            await page.GetByLabel("Search account or host").FillAsync("tygj004");
            await Expect(page).ToHaveURLAsync(SearchedForTygj004());
            await ExpectOnlyTygj004Async(page);

            var bookmarked = await browser.NewPageAsync();
            await BrowserFixture.GotoInteractiveAsync(bookmarked, page.Url);
            await Expect(bookmarked.GetByLabel("Search account or host")).ToHaveValueAsync("tygj004");
            await ExpectOnlyTygj004Async(bookmarked);

            await page.GetByRole(AriaRole.Link, new() { Name = "Tasks" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Tasks" })).ToBeVisibleAsync();
            await page.GoBackAsync();
            await Expect(page).ToHaveURLAsync(SearchedForTygj004());
            await Expect(page.GetByLabel("Search account or host")).ToHaveValueAsync("tygj004");
            await ExpectOnlyTygj004Async(page);
        });
    }

    private static async Task ExpectOnlyTygj004Async(IPage page)
    {
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "tygj004-192.168.10.24:8081" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "tygj001-192.168.10.21:8080" })).ToHaveCountAsync(0);
    }

    [GeneratedRegex(@"/accounts\?q=tygj004$")]
    private static partial Regex SearchedForTygj004();
}
