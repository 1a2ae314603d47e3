using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using MiniExcelLibs;
using RpaWorkbench.Core.Batches;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace RpaWorkbench.Tests.Journeys;

/// <summary>
/// A batch in Chromium against the simulated robots over real HTTP: sign in, open Batch run on a task with
/// parameters, download the template, fill three rows into it, upload it, and the batch's page follows its items
/// live until all three are done.
/// </summary>
[Collection(SimulatedBrowserCollection.Name)]
public sealed class BatchJourneyTests(SimulatedBrowserFixture browser)
{
    private const string OrderColumn = "订单号";
    private const string AmountColumn = "金额";

    [Fact]
    public async Task SignIn_DownloadTemplate_UploadThreeRows_TheBatchPageFollowsTheItemsToTheEnd()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var taskName = $"pw-批量录入-{suffix}";
        await browser.AddTaskAsync($"batch-{suffix}", "10.77.0.10", taskName, "订单录入",
        [
            new TaskParameter(OrderColumn, TaskParameterType.Text) { Required = true },
            new TaskParameter(AmountColumn, TaskParameterType.Decimal),
        ]);
        using var folder = new TempDirectory();
        var page = await browser.NewPageAsync(userName: null);
        await BrowserEvidence.RunAsync(page, nameof(SignIn_DownloadTemplate_UploadThreeRows_TheBatchPageFollowsTheItemsToTheEnd), async () =>
        {
            await page.GotoAsync("/tasks");
            await BrowserFixture.SignInThroughFormAsync(page, WorkbenchAppFactory.AdminUser, WorkbenchAppFactory.AdminPassword);
            // The filter in the address, not typed: the search box's delayed address update would close the dialog.
            await BrowserFixture.GotoInteractiveAsync(page, "/tasks?q=" + Uri.EscapeDataString(taskName));
            var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = taskName });
            await row.GetByRole(AriaRole.Button, new() { Name = $"Batch run {taskName}", Exact = true }).ClickAsync();
            var dialog = page.GetByRole(AriaRole.Dialog);
            await Expect(dialog).ToContainTextAsync($"Batch run of {taskName}");

            var template = await page.RunAndWaitForDownloadAsync(() => dialog.GetByRole(AriaRole.Link, new() { Name = "Download template" }).ClickAsync());
            var templatePath = await template.PathAsync();
            var columns = MiniExcel.GetColumns(templatePath, useHeaderRow: true).ToList();
            Assert.Equal([OrderColumn, AmountColumn], columns);

            var sheet = Path.Combine(folder.Path, "orders.xlsx");
            MiniExcel.SaveAs(sheet, new[] { ("SO-1", "10"), ("SO-2", "20.5"), ("SO-3", "30") }
                .Select(r => new Dictionary<string, object> { [OrderColumn] = r.Item1, [AmountColumn] = r.Item2 }));
            await dialog.Locator("input[type=file]").SetInputFilesAsync(sheet);
            await Expect(dialog.GetByTestId("batch-file-name")).ToHaveTextAsync("orders.xlsx");
            await dialog.GetByLabel("Name").FillAsync($"十二月订单-{suffix}");
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Start batch" }).ClickAsync();

            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/batches/\\d+$"));
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"十二月订单-{suffix}" })).ToBeVisibleAsync();
            await Expect(page.Locator(".batch-items-grid tbody tr.mud-table-row")).ToHaveCountAsync(3);
            await Expect(page.Locator(".batch-progress-text")).ToHaveTextAsync("3 of 3 done", new() { Timeout = 30_000 });
            await Expect(page.Locator(".batch-state")).ToHaveTextAsync("Completed");
            await Expect(page.Locator(".batch-items-grid tbody tr.mud-table-row").Filter(new() { HasText = "Successful" })).ToHaveCountAsync(3);
        });

        var stored = await browser.QueryAsync(db => db.BatchItems.AsNoTracking().Where(i => i.Batch!.Task!.TaskName == taskName).OrderBy(i => i.RowNumber).ToListAsync());
        Assert.Equal(["SO-1", "SO-2", "SO-3"], stored.Select(i => i.Values[OrderColumn]));
        Assert.All(stored, i => Assert.Equal(BatchItemState.Successful, i.State));
    }
}
