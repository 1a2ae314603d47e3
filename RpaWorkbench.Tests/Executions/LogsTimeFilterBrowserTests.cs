using System.Text.RegularExpressions;
using Microsoft.Playwright;
using RpaWorkbench.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace RpaWorkbench.Tests.Executions;

/// <summary>
/// The logs page's time range in a Chinese browser: a calendar and a clock in the page's language (not the browser's
/// mm/dd/yyyy), whose choice lands in the address in the operators' zone and comes back from a bookmark.
/// </summary>
[Collection(HistoryBrowserCollection.Name)]
public sealed partial class LogsTimeFilterBrowserTests(HistoryBrowserFixture browser)
{
    [Fact]
    public async Task PickingDatesAndATime_PutsTheRangeInTheAddress_AndABookmarkShowsItAgain()
    {
        var page = await browser.NewPageAsync("zh-CN");
        await BrowserEvidence.RunAsync(page, nameof(PickingDatesAndATime_PutsTheRangeInTheAddress_AndABookmarkShowsItAgain), async () =>
        {
            await BrowserFixture.GotoInteractiveAsync(page, "/logs");
            var from = page.Locator(".logs-filter-from");
            var to = page.Locator(".logs-filter-to");

            await from.GetByRole(AriaRole.Button, new() { Name = "打开日期选择器" }).ClickAsync();
            var calendar = page.Locator(".mud-popover-open");
            await Expect(calendar).ToContainTextAsync("周一");
            await calendar.Locator("button.mud-picker-calendar-day:not(.mud-hidden)").GetByText("1", new() { Exact = true }).ClickAsync();
            await Expect(page).ToHaveURLAsync(FromFirstOfMonth());
            var month = FromFirstOfMonth().Match(page.Url).Groups["month"].Value;
            await Expect(from.Locator(".log-time-bound-date input")).ToHaveValueAsync($"{month}-01");

            var time = from.Locator(".log-time-bound-time input");
            await time.FillAsync("08:30");
            await time.PressAsync("Tab");
            await Expect(page).ToHaveURLAsync(new Regex($"from={month}-01T08%3A30%3A00"));

            await to.GetByRole(AriaRole.Button, new() { Name = "打开日期选择器" }).ClickAsync();
            await page.Locator(".mud-popover-open button.mud-picker-calendar-day:not(.mud-hidden)").GetByText("2", new() { Exact = true }).ClickAsync();
            // A date without a time includes that whole day: the range ends where the next day starts.
            await Expect(page).ToHaveURLAsync(new Regex($"to={month}-03T00%3A00%3A00"));

            await page.ReloadAsync();
            await page.Locator("[data-workbench-ready=true]").WaitForAsync();
            await Expect(from.Locator(".log-time-bound-date input")).ToHaveValueAsync($"{month}-01");
            await Expect(time).ToHaveValueAsync("08:30");
            await Expect(to.Locator(".log-time-bound-date input")).ToHaveValueAsync($"{month}-02");
            await Expect(to.Locator(".log-time-bound-time input")).ToHaveValueAsync("");
        });
    }

    [GeneratedRegex("from=(?<month>[0-9]{4}-[0-9]{2})-01T00%3A00%3A00")]
    private static partial Regex FromFirstOfMonth();
}
