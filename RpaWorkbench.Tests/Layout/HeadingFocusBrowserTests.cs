using Microsoft.Playwright;
using RpaWorkbench.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace RpaWorkbench.Tests.Layout;

/// <summary>
/// After an in-app navigation focus moves to the new page's heading (screen readers announce it, Tab starts there); a
/// mouse user sees no box around it, a keyboard user sees the focus ring; a page opened from the address bar keeps
/// focus where the browser puts it.
/// </summary>
[Collection(HistoryBrowserCollection.Name)]
public sealed class HeadingFocusBrowserTests(HistoryBrowserFixture browser)
{
    private const string HeadingFocusScript = """
        () => {
            const heading = document.querySelector('h1');
            return [String(document.activeElement === heading), String(heading.matches(':focus-visible')), getComputedStyle(heading).outlineStyle];
        }
        """;

    [Fact]
    public async Task Heading_AfterMouseNavigation_IsFocusedWithoutABox_AfterKeyboardNavigation_ShowsTheRing()
    {
        var page = await browser.NewPageAsync("zh-CN");
        await BrowserEvidence.RunAsync(page, nameof(Heading_AfterMouseNavigation_IsFocusedWithoutABox_AfterKeyboardNavigation_ShowsTheRing), async () =>
        {
            await BrowserFixture.GotoInteractiveAsync(page, "/dashboard");
            await Expect(page.Locator(".dashboard-card-value").First).ToBeVisibleAsync();
            Assert.Equal(["false", "false", "none"], await page.EvaluateAsync<string[]>(HeadingFocusScript));

            // As a person does: the pointer rests on the mini drawer, which opens on hover (a round trip to the server),
            // then clicks. A click racing that re-render was sometimes lost.
            var logsLink = page.Locator(".mud-navmenu a[href='logs']");
            await logsLink.HoverAsync();
            await Expect(page.Locator(".mud-drawer")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bmud-drawer--open\b"));
            await logsLink.ClickAsync();
            await Expect(page.Locator("h1")).ToHaveTextAsync("执行日志");
            await Expect(page.Locator("h1")).ToBeFocusedAsync();
            Assert.Equal(["true", "false", "none"], await page.EvaluateAsync<string[]>(HeadingFocusScript));

            await page.Locator(".mud-navmenu a[href='accounts']").FocusAsync();
            await page.Keyboard.PressAsync("Enter");
            await Expect(page.Locator("h1")).ToHaveTextAsync("机器人账号");
            await Expect(page.Locator("h1")).ToBeFocusedAsync();
            Assert.Equal(["true", "true", "solid"], await page.EvaluateAsync<string[]>(HeadingFocusScript));
        });
    }
}
