using System.Text.Json;
using Microsoft.Playwright;
using RpaWorkbench.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace RpaWorkbench.Tests.Layout;

/// <summary>
/// The shell on a phone (390 px) and the logs table on a laptop (1440 px), in both languages: the app bar keeps its
/// title on one line and everything inside the screen, the user menu (which then holds the time zone, language and
/// theme) opens whole, and the logs table shows its last column without scrolling.
/// </summary>
[Collection(HistoryBrowserCollection.Name)]
public sealed class ResponsiveLayoutBrowserTests(HistoryBrowserFixture browser)
{
    private const int PhoneWidth = 390;

    // The app bar's toolbar, title and user button, and how wide the page itself is.
    private const string AppBarScript = """
        () => {
            const toolbar = document.querySelector('header .mud-toolbar');
            const title = document.querySelector('.workbench-app-title');
            const user = document.querySelector('.workbench-user-menu button').getBoundingClientRect();
            return {
                toolbarScroll: toolbar.scrollWidth, toolbarClient: toolbar.clientWidth,
                titleHeight: title.getBoundingClientRect().height, titleLine: parseFloat(getComputedStyle(title).lineHeight),
                userLeft: user.left, userRight: user.right, pageScroll: document.documentElement.scrollWidth,
            };
        }
        """;

    // The logs table's last column on screen and whether the table has to scroll to show it.
    private const string LogsTableScript = """
        () => {
            const table = document.querySelector('.logs-grid table');
            const scroller = table.closest('.mud-table-container');
            const last = [...table.querySelectorAll('thead th')].filter(th => th.checkVisibility()).pop();
            return {
                lastTitle: last.textContent.trim(), lastRight: last.getBoundingClientRect().right,
                scrollerRight: scroller.getBoundingClientRect().right, scroll: scroller.scrollWidth, client: scroller.clientWidth,
            };
        }
        """;

    [Theory]
    [InlineData("zh-CN", "English", "phone-user-menu")]
    [InlineData("en-US", "中文", null)]
    public async Task Phone_AppBarFitsOnOneLine_AndTheUserMenuOpensWholeWithLanguageAndTimeZone(string locale, string otherLanguage, string? readmeImage)
    {
        var page = await browser.NewPageAsync(locale);
        await page.SetViewportSizeAsync(PhoneWidth, 844);
        await BrowserEvidence.RunAsync(page, $"{nameof(Phone_AppBarFitsOnOneLine_AndTheUserMenuOpensWholeWithLanguageAndTimeZone)}-{locale}", async () =>
        {
            foreach (var path in new[] { "/dashboard", "/accounts", "/tasks", "/admin/users", "/admin/audit", "/logs" })
            {
                await BrowserFixture.GotoInteractiveAsync(page, path);
                var bar = await page.EvaluateAsync<JsonElement>(AppBarScript);

                Assert.True(Number(bar, "toolbarScroll") <= Number(bar, "toolbarClient"), $"{path}: the app bar overflows: {bar}");
                Assert.True(Number(bar, "titleHeight") < 1.5 * Number(bar, "titleLine"), $"{path}: the title wraps: {bar}");
                Assert.True(Number(bar, "userLeft") >= 0 && Number(bar, "userRight") <= PhoneWidth, $"{path}: the user menu is cut off: {bar}");
                Assert.True(Number(bar, "pageScroll") <= PhoneWidth, $"{path}: the page scrolls sideways: {bar}");
            }

            await page.Locator(".workbench-user-menu button").First.ClickAsync();
            var menu = page.Locator(".mud-popover-open");
            await Expect(menu).ToBeVisibleAsync();
            var box = await menu.BoundingBoxAsync();
            Assert.True(box is not null && box.X >= 0 && box.X + box.Width <= PhoneWidth, $"The open user menu is cut off: {box?.X} + {box?.Width}");
            await Expect(menu.Locator(".workbench-user-menu-zone")).ToContainTextAsync("Asia/Shanghai");
            await Expect(menu.GetByText(otherLanguage)).ToBeVisibleAsync();
            await Expect(menu.Locator(".workbench-user-menu-compact .mud-menu-item")).ToHaveCountAsync(3);
            if (readmeImage is not null)
            {
                await Expect(menu).ToHaveCSSAsync("opacity", "1");
                await DocsScreenshots.SaveAsync(page, readmeImage);
            }
        });
    }

    [Theory]
    [InlineData("zh-CN", "附件", "logs-1440-zh")]
    [InlineData("en-US", "Files", null)]
    public async Task Laptop1440_LogsTableShowsItsLastColumnWithoutScrolling(string locale, string lastColumn, string? readmeImage)
    {
        var page = await browser.NewPageAsync(locale);
        await page.SetViewportSizeAsync(1440, 900);
        await BrowserEvidence.RunAsync(page, $"{nameof(Laptop1440_LogsTableShowsItsLastColumnWithoutScrolling)}-{locale}", async () =>
        {
            await BrowserFixture.GotoInteractiveAsync(page, "/logs");
            await Expect(page.Locator(".logs-grid tbody tr.mud-table-row")).ToHaveCountAsync(25);

            var table = await page.EvaluateAsync<JsonElement>(LogsTableScript);

            Assert.Equal(lastColumn, table.GetProperty("lastTitle").GetString());
            Assert.True(Number(table, "scroll") <= Number(table, "client"), $"The logs table scrolls sideways at 1440 px: {table}");
            Assert.True(Number(table, "lastRight") <= Number(table, "scrollerRight"), $"The last column is cut off: {table}");
            if (readmeImage is not null)
            {
                await DocsScreenshots.SaveAsync(page, readmeImage);
            }
        });
    }

    private static double Number(JsonElement element, string name) => element.GetProperty(name).GetDouble();
}
