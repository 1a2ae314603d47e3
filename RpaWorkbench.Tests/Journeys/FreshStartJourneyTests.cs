using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace RpaWorkbench.Tests.Journeys;

/// <summary>
/// Issue 9's journey 1 in Chromium, against the simulated robot over real HTTP: a fresh browser signs in as the bootstrap
/// admin, creates an account and a task with config JSON and a cron schedule, starts it, and every open page follows
/// the robot's callback without a reload: the task, the account, the logs page and the dashboard. The Workbench's clock
/// moves only when the test lets the robot take its next step, so the running state lasts until the page has shown it.
/// </summary>
[Collection(SimulatedBrowserCollection.Name)]
public sealed class FreshStartJourneyTests(SimulatedBrowserFixture browser)
{
    private const string App = "工单分派";

    // Live pages refresh at most once a second of the Workbench's clock: after a change is stored, a second of it lets
    // every refresh a page held back go. Less than the shortest run, so the run is still going afterwards.
    private static readonly TimeSpan PagesCatchUp = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task SignIn_CreateAccountAndTask_Start_EveryOpenPageFollowsTheCallback()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var account = $"journey-{suffix}";
        var accountLabel = $"{account}-10.77.0.9:18080";
        var taskName = $"pw-工单日报-{suffix}";
        var page = await browser.NewPageAsync(userName: null);
        await BrowserEvidence.RunAsync(page, nameof(SignIn_CreateAccountAndTask_Start_EveryOpenPageFollowsTheCallback), async () =>
        {
            await page.GotoAsync("/tasks");
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin\\?ReturnUrl=%2Ftasks$"));
            await BrowserFixture.SignInThroughFormAsync(page, WorkbenchAppFactory.AdminUser, WorkbenchAppFactory.AdminPassword);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Tasks" })).ToBeVisibleAsync();

            await CreateAccountAsync(page, account);

            // Opened before the run in the same signed-in browser, and never reloaded.
            var logs = await page.Context.NewPageAsync();
            await BrowserFixture.GotoInteractiveAsync(logs, "/logs");
            var dashboard = await page.Context.NewPageAsync();
            await BrowserFixture.GotoInteractiveAsync(dashboard, "/dashboard");
            var runsToday = dashboard.Locator(".dashboard-card-runs-today .dashboard-card-value");
            var runsBefore = int.Parse(await runsToday.InnerTextAsync(), NumberStyles.AllowThousands, CultureInfo.GetCultureInfo("en-US"));

            await BrowserFixture.GotoInteractiveAsync(page, "/tasks");
            await CreateTaskAsync(page, taskName, account, accountLabel);
            await page.GetByLabel("Search task, app or account").FillAsync(taskName);
            var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = taskName });
            await Expect(row).ToContainTextAsync("Pending", new() { Timeout = 15_000 });
            await Expect(row).ToContainTextAsync("0 9 * * 1-5");

            // The clock stands still until the page has shown the run running: the robot cannot finish before that.
            using (browser.Clock.Hold())
            {
                await row.GetByRole(AriaRole.Button, new() { Name = $"Start {taskName}", Exact = true }).ClickAsync();
                await StoredAsync(taskName, RobotTaskStatus.Running);
                browser.Clock.Advance(PagesCatchUp);
                await Expect(row).ToContainTextAsync("Running", new() { Timeout = 10_000 });
            }

            // Let go, the simulated robot works its run out and calls the webhook.
            await Expect(row).ToContainTextAsync("Pending", new() { Timeout = 15_000 });
            await Expect(row).ToContainTextAsync("Completed");
            await page.GetByLabel("Search task, app or account").FillAsync("");
            await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "云仓收藏-手动" })).ToBeVisibleAsync();
            await DocsScreenshots.SaveAsync(page, "tasks");

            await Expect(logs.GetByRole(AriaRole.Row).Nth(1)).ToContainTextAsync(account, new() { Timeout = 10_000 });
            await Expect(logs.GetByRole(AriaRole.Row).Nth(1)).ToContainTextAsync(App);
            await Expect(runsToday).ToHaveTextAsync((runsBefore + 1).ToString("N0", CultureInfo.GetCultureInfo("en-US")), new() { Timeout = 10_000 });

            await BrowserFixture.GotoInteractiveAsync(page, "/accounts");
            await page.GetByLabel("Search account or host").FillAsync(account);
            var accountRow = page.GetByRole(AriaRole.Row).Filter(new() { HasText = accountLabel });
            await Expect(accountRow).ToContainTextAsync("Completed");
            await Expect(accountRow).ToContainTextAsync(App);
        });

        var log = await LatestLogAsync(taskName);
        Assert.Equal((ExecutionStatus.Completed, App, account), (log.Status, log.AppName, log.ShadowBotAccount));
    }

    private static async Task CreateAccountAsync(IPage page, string account)
    {
        await BrowserFixture.GotoInteractiveAsync(page, "/accounts");
        var dialog = await BrowserFixture.OpenFormDialogAsync(page, "New account");
        await dialog.GetByLabel("Account").FillAsync(account);
        await dialog.GetByLabel("Host").FillAsync("10.77.0.9");
        await dialog.GetByLabel("Port").FillAsync("18080");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
    }

    private static async Task CreateTaskAsync(IPage page, string taskName, string account, string accountLabel)
    {
        var dialog = await BrowserFixture.OpenFormDialogAsync(page, "New task");
        await dialog.GetByLabel("Task", new() { Exact = true }).FillAsync(taskName);
        await PickAccountAsync(page, dialog.GetByLabel("Robot account"), account, accountLabel);
        await dialog.GetByLabel("App", new() { Exact = true }).FillAsync(App);
        await dialog.GetByLabel("Config JSON").FillAsync("""{"queue":"售后","limit":20}""");
        await dialog.GetByLabel("Cron schedule").FillAsync("0 9 * * 1-5");
        await Expect(dialog.GetByTestId("cron-preview").Locator(".cron-fire")).ToHaveCountAsync(3, new() { Timeout = 15_000 });
        await DocsScreenshots.SaveAsync(page, "task-dialog");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
    }

    // Types into the autocomplete until the list shows only the match, then picks it. Typing while the list of all
    // accounts is still arriving can lose the text on a loaded machine, so it types again (at most three times).
    private static async Task PickAccountAsync(IPage page, ILocator field, string search, string option)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await field.FillAsync(search);
                await Expect(page.GetByText("tygj001-192.168.10.21:8080", new() { Exact = true })).ToBeHiddenAsync(new() { Timeout = 5_000 });
                await page.GetByText(option, new() { Exact = true }).ClickAsync(new() { Timeout = 5_000 });
                await Expect(field).ToHaveValueAsync(option, new() { Timeout = 5_000 });
                return;
            }
            catch (PlaywrightException) when (attempt < 3)
            {
                await field.FillAsync("");
            }
        }
    }

    // Polls the database until the task has this status.
    private async Task StoredAsync(string taskName, RobotTaskStatus status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!await HasAsync(taskName, status) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.True(await HasAsync(taskName, status), $"The task {taskName} did not become {status}.");
    }

    private async Task<bool> HasAsync(string taskName, RobotTaskStatus status)
    {
        await using var db = await browser.App.Services.GetRequiredService<IDbContextFactory<WorkbenchDbContext>>().CreateDbContextAsync();
        return await db.Tasks.AnyAsync(t => t.TaskName == taskName && t.Status == status);
    }

    private async Task<ExecutionLog> LatestLogAsync(string taskName)
    {
        await using var db = await browser.App.Services.GetRequiredService<IDbContextFactory<WorkbenchDbContext>>().CreateDbContextAsync();
        return await db.ExecutionLogs.AsNoTracking().Where(l => l.Task!.TaskName == taskName).SingleAsync();
    }
}
