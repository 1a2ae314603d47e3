using Microsoft.Playwright;
using RpaWorkbench.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace RpaWorkbench.Tests.Localization;

/// <summary>
/// A Chinese-speaking operator's browser walks every page of a Workbench with history, opening its dialogs, menus,
/// pickers and grid pagers, and finds no English that is not data, a product name or a unit (<see cref="UntranslatedWords"/>).
/// </summary>
[Collection(HistoryBrowserCollection.Name)]
public sealed class ChineseWalkBrowserTests(HistoryBrowserFixture browser)
{
    private readonly List<string> _findings = [];

    [Fact]
    public async Task EveryPageDialogMenuAndPicker_InChinese_HasNoEnglishChrome()
    {
        var page = await browser.NewPageAsync("zh-CN");
        await page.SetViewportSizeAsync(1440, 900);
        await BrowserEvidence.RunAsync(page, nameof(EveryPageDialogMenuAndPicker_InChinese_HasNoEnglishChrome), async () =>
        {
            await OpenAsync(page, "/dashboard", ".dashboard-card-value");
            await PopoverAsync(page, "dashboard range", page.Locator(".dashboard-range"));
            await PopoverAsync(page, "user menu", page.Locator(".workbench-user-menu button").First);
            await PopoverAsync(page, "language menu", page.GetByRole(AriaRole.Button, new() { Name = "语言", Exact = true }));

            await OpenAsync(page, "/logs", ".logs-grid tbody tr.mud-table-row");
            await PopoverAsync(page, "logs status filter", page.Locator(".logs-filter-status"));
            await PopoverAsync(page, "logs account filter", page.Locator(".logs-filter-account input"));
            await PopoverAsync(page, "logs from date", PickerButton(page.Locator(".logs-filter-from .mud-picker").First));
            await PopoverAsync(page, "logs to time", PickerButton(page.Locator(".logs-filter-to .mud-picker").Last));
            await PopoverAsync(page, "logs rows per page", page.Locator(".mud-table-pagination-select"));
            await PopoverAsync(page, "logs column options", page.Locator(".logs-grid thead .mud-menu button").First);

            await OpenAsync(page, "/logs?status=failed", ".logs-grid tbody tr.mud-table-row");
            await page.Locator(".logs-grid tbody tr.mud-table-row a").First.ClickAsync();
            await Expect(page.Locator(".log-fields")).ToBeVisibleAsync();
            await CheckAsync(page, "log detail");

            await OpenAsync(page, "/accounts", ".mud-table-row");
            await DialogAsync(page, "new account", page.GetByRole(AriaRole.Button, new() { Name = "新建账号" }));
            await DialogAsync(page, "edit account", page.Locator("button[aria-label^='编辑 ']").First);
            await DialogAsync(page, "delete account", page.Locator("button[aria-label^='删除 ']").First);

            await OpenAsync(page, "/groups", "h1");
            await DialogAsync(page, "new group", page.GetByRole(AriaRole.Button, new() { Name = "新建分组" }));

            await OpenAsync(page, "/tasks", ".mud-table-row");
            var newTask = page.GetByRole(AriaRole.Button, new() { Name = "新建任务" });
            await DialogAsync(page, "new task", newTask);
            await DialogAsync(page, "new task date picker", newTask, dialog => PopoverAsync(page, "new task date picker",
                PickerButton(dialog.Locator(".mud-picker").First), closeAfter: false));
            await DialogAsync(page, "new task time picker", newTask, dialog => PopoverAsync(page, "new task time picker",
                PickerButton(dialog.Locator(".mud-picker").Last), closeAfter: false));
            await DialogAsync(page, "edit task", page.Locator("button[aria-label^='编辑 ']").First);
            await DialogAsync(page, "delete task", page.Locator("button[aria-label^='删除 ']").First);
            await DialogAsync(page, "batch run", page.Locator("button[aria-label^='批量运行 ']").First);

            await OpenAsync(page, "/batches", "h1");

            await OpenAsync(page, "/alerts", "h1");
            await PopoverAsync(page, "alert state filter", page.Locator(".workbench-alert-state"));
            await OpenAsync(page, "/alerts/deliveries", "h1");
            await OpenAsync(page, "/alerts/rules", "h1");
            var newRule = page.GetByRole(AriaRole.Button, new() { Name = "新建规则" });
            await DialogAsync(page, "new alert rule", newRule);
            await DialogAsync(page, "new alert rule quiet hours", newRule, dialog => PopoverAsync(page, "new alert rule quiet hours",
                PickerButton(dialog.Locator(".mud-picker").First), closeAfter: false));
            await OpenAsync(page, "/alerts/channels", "h1");
            await DialogAsync(page, "new alert channel", page.GetByRole(AriaRole.Button, new() { Name = "新建渠道" }));

            await OpenAsync(page, "/admin/users", ".mud-table-row");
            await DialogAsync(page, "new user", page.GetByRole(AriaRole.Button, new() { Name = "新建用户" }));
            await DialogAsync(page, "change role", page.Locator("button[aria-label^='更改角色 ']").First);
            await DialogAsync(page, "reset password", page.Locator("button[aria-label^='重置密码 ']").First);

            await OpenAsync(page, "/admin/api-keys", ".mud-table-row");
            await DialogAsync(page, "new API key", page.GetByRole(AriaRole.Button, new() { Name = "新建 API 密钥" }));
            await DialogAsync(page, "revoke API key", page.Locator("button[aria-label^='吊销 ']").First);

            await OpenAsync(page, "/admin/audit", ".mud-table-row");
            await PopoverAsync(page, "audit from date", PickerButton(page.Locator(".workbench-date-field .mud-picker").First));
            await PopoverAsync(page, "audit action", page.Locator(".mud-select").First);

            await OpenAsync(page, "/admin/settings", "[data-testid=settings-group]");
            await OpenAsync(page, "/access-denied", "h1");
            await OpenAsync(page, "/no-such-page", "h1");

            await page.GotoAsync("/account/password");
            await CheckAsync(page, "/account/password");

            await page.SetViewportSizeAsync(390, 844);
            await OpenAsync(page, "/logs", ".logs-grid tbody tr.mud-table-row");
            await PopoverAsync(page, "user menu at 390 px", page.Locator(".workbench-user-menu button").First);
        });

        Assert.True(_findings.Count == 0, "English on the Chinese pages:\n" + string.Join('\n', _findings));
    }

    [Fact]
    public async Task SignInAndSetUpPages_InChinese_HaveNoEnglishChrome()
    {
        var signIn = await browser.NewPageAsync("zh-CN", userName: null);
        await signIn.GotoAsync("/signin");
        await Expect(signIn.GetByRole(AriaRole.Heading, new() { Name = "登录" })).ToBeVisibleAsync();
        await CheckAsync(signIn, "/signin");

        await using var fresh = new KestrelWorkbenchFactory(new Dictionary<string, string>
        {
            ["Workbench:Bootstrap:AdminUser"] = "",
            ["Workbench:Bootstrap:AdminPassword"] = "",
        });
        var context = await BrowserFixture.NewContextAsync(browser.Browser, fresh.BaseUrl, "zh-CN");
        var setUp = await context.NewPageAsync();
        await setUp.GotoAsync("/setup");
        await Expect(setUp.Locator("h1")).ToBeVisibleAsync();
        await CheckAsync(setUp, "/setup");
        await context.CloseAsync();

        Assert.True(_findings.Count == 0, "English on the Chinese pages:\n" + string.Join('\n', _findings));
    }

    // The calendar or clock button at the end of a picker (found by place, not by its label: the label is under test).
    private static ILocator PickerButton(ILocator picker) => picker.Locator("button").Last;

    private async Task CheckAsync(IPage page, string where)
    {
        var words = await UntranslatedWords.OnPageAsync(page);
        if (words.Count > 0)
        {
            _findings.Add($"{where}: {string.Join(", ", words)}");
        }
    }

    private async Task OpenAsync(IPage page, string path, string ready)
    {
        await BrowserFixture.GotoInteractiveAsync(page, path);
        await Expect(page.Locator(ready).First).ToBeVisibleAsync();
        await CheckAsync(page, path);
    }

    // Opens a menu, select or picker, checks the page with it open, and closes it again.
    private async Task PopoverAsync(IPage page, string what, ILocator opener, bool closeAfter = true)
    {
        await opener.ClickAsync();
        await Expect(page.Locator(".mud-popover-open").First).ToBeVisibleAsync();
        await CheckAsync(page, what);
        if (closeAfter)
        {
            await CloseAllAsync(page);
        }
    }

    // Opens a dialog, checks it (and whatever else it opens inside), and cancels it.
    private async Task DialogAsync(IPage page, string what, ILocator opener, Func<ILocator, Task>? inside = null)
    {
        await opener.ClickAsync();
        var dialog = page.Locator(".mud-dialog").Last;
        await Expect(dialog.Locator(".mud-dialog-actions, .mud-dialog-content").First).ToBeVisibleAsync();
        await CheckAsync(page, what);
        if (inside is not null)
        {
            await inside(dialog);
        }

        await CloseAllAsync(page);
    }

    // Popovers close on Escape or a click on their overlay; dialogs through their own cancel or close button, so nothing
    // is ever confirmed.
    private static async Task CloseAllAsync(IPage page)
    {
        var popovers = page.Locator(".mud-popover-open");
        if (await popovers.CountAsync() > 0)
        {
            await page.Keyboard.PressAsync("Escape");
            try
            {
                await Expect(popovers).ToHaveCountAsync(0, new() { Timeout = 2_000 });
            }
            catch (PlaywrightException)
            {
                // A menu that kept the focus elsewhere ignores Escape; a click beside it lands on its overlay.
                await page.Mouse.ClickAsync(2, page.ViewportSize!.Height - 2);
                await Expect(popovers).ToHaveCountAsync(0);
            }
        }

        var dialogs = page.Locator(".mud-dialog");
        while (await dialogs.CountAsync() > 0)
        {
            var count = await dialogs.CountAsync();
            var last = dialogs.Last;
            await last.GetByRole(AriaRole.Button, new() { Name = "取消", Exact = true })
                .Or(last.GetByRole(AriaRole.Button, new() { Name = "关闭", Exact = true })).First.ClickAsync();
            await Expect(dialogs).ToHaveCountAsync(count - 1);
        }
    }
}
