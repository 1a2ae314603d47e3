using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace RpaWorkbench.Tests.Tasks;

/// <summary>The operator's main journey in a real browser, against the simulated robot over real HTTP.</summary>
[Collection(SimulatedBrowserCollection.Name)]
public sealed class TasksBrowserTests(SimulatedBrowserFixture browser)
{
    [Fact]
    public async Task CreateThenStart_SimulatedRobotCallsBack_RowShowsRunningThenCompletedWithoutReload()
    {
        const string taskName = "pw-工单日报";
        var page = await browser.NewPageAsync();
        await BrowserEvidence.RunAsync(page, nameof(CreateThenStart_SimulatedRobotCallsBack_RowShowsRunningThenCompletedWithoutReload), async () =>
        {
            await BrowserFixture.GotoInteractiveAsync(page, "/tasks");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Tasks" })).ToBeVisibleAsync();

            await page.GetByRole(AriaRole.Button, new() { Name = "New task" }).ClickAsync();
            var dialog = page.GetByRole(AriaRole.Dialog);
            await dialog.GetByLabel("Task", new() { Exact = true }).FillAsync(taskName);
            await PickAccountAsync(page, dialog.GetByLabel("Robot account"), "kefu01", "kefu01-10.8.0.15:18080");
            await dialog.GetByLabel("App", new() { Exact = true }).FillAsync("工单分派");
            await dialog.GetByLabel("Config JSON").FillAsync("""{"queue":"售后","limit":20}""");
            await dialog.GetByLabel("Cron schedule").FillAsync("0 9 * * 1-5");
            await Expect(dialog.GetByTestId("cron-preview").Locator(".cron-fire")).ToHaveCountAsync(3, new() { Timeout = 15_000 });
            await DocsScreenshots.SaveAsync(page, "task-dialog");
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
            await Expect(dialog).ToBeHiddenAsync();

            await page.GetByLabel("Search task, app or account").FillAsync(taskName);
            var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = taskName });
            await Expect(row).ToContainTextAsync("Pending", new() { Timeout = 15_000 });
            await Expect(row).ToContainTextAsync("0 9 * * 1-5");

            await row.GetByRole(AriaRole.Button, new() { Name = $"Start {taskName}", Exact = true }).ClickAsync();
            await Expect(row).ToContainTextAsync("Running", new() { Timeout = 10_000 });

            // The simulated robot finishes after 3-4 s and calls the webhook; the row follows without a reload.
            await Expect(row).ToContainTextAsync("Pending", new() { Timeout = 15_000 });
            await Expect(row).ToContainTextAsync("Completed");
            await page.GetByLabel("Search task, app or account").FillAsync("");
            await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "云仓收藏-手动" })).ToBeVisibleAsync();
            await DocsScreenshots.SaveAsync(page, "tasks");
        });

        var log = await LatestLogAsync(taskName);
        Assert.Equal((ExecutionStatus.Completed, "工单分派", "kefu01"), (log.Status, log.AppName, log.ShadowBotAccount));
    }

    // Types into the autocomplete until the list shows only the matches, then picks one. Typing while the list of all
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

    private async Task<ExecutionLog> LatestLogAsync(string taskName)
    {
        await using var db = await browser.App.Services.GetRequiredService<IDbContextFactory<WorkbenchDbContext>>().CreateDbContextAsync();
        return await db.ExecutionLogs.AsNoTracking().Where(l => l.Task!.TaskName == taskName).SingleAsync();
    }
}
