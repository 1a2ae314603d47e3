using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.Batches;
using RpaWorkbench.Core.Live;
using RpaWorkbench.Tests.Infrastructure;
using RpaWorkbench.Web.Features.Batches;

namespace RpaWorkbench.Tests.Batches;

public sealed class BatchDetailPageTests : WorkbenchComponentTest
{
    private BatchPageData Data => new(Services);

    private BatchService Service => Services.GetRequiredService<BatchService>();

    [Fact]
    public async Task Page_ShowsProgressCountsAndItemsWithTheirRuns()
    {
        var batch = await BatchAsync(rows: 3);
        var now = Clock.GetUtcNow().UtcDateTime;
        await Data.SetItemAsync(batch.Id, row: 2, BatchItemState.Successful, now, ct: Ct);
        await Data.SetItemAsync(batch.Id, row: 3, BatchItemState.Failed, now, "金额不符", Ct);
        await Data.SetItemAsync(batch.Id, row: 4, BatchItemState.InProgress, now, ct: Ct);

        var page = RenderPage(batch.Id);

        page.WaitForAssertion(() => Assert.Equal(3, ItemRows(page).Count));
        Assert.Equal("2 of 3 done", page.Find(".batch-progress-text").TextContent);
        Assert.Equal(["Successful 1", "Failed 1", "In progress 1"], BatchesPageTests.Chips(page.Find(".batch-summary")));
        Assert.Equal("Priority Normal · max retries 2 · concurrency no limit", page.Find(".batch-settings").TextContent);
        Assert.Equal("Running", page.Find(".batch-state").TextContent.Trim());
        // Row number, the first columns' values, state, attempts, error, run, start and end in Shanghai time.
        Assert.Equal(["2", "SO-001 · 1.50", "Successful", "1", "", "", "2026-11-25 16:00:00", "2026-11-25 16:00:30"], Cells(ItemRows(page)[0]));
        Assert.Equal(["3", "SO-002 · 2.50", "Failed", "1", "金额不符"], Cells(ItemRows(page)[1]).Take(5));
        Assert.Equal(["4", "SO-003 · 3.50", "In progress"], Cells(ItemRows(page)[2]).Take(3));
        Assert.NotEmpty(page.FindAll("button[aria-label='Open the run of row 3']"));
        Assert.Empty(page.FindAll("button[aria-label='Open the run of row 4']"));
        Assert.Equal(["api/v1/batches/" + batch.Id + "/result?format=xlsx", "api/v1/batches/" + batch.Id + "/result?format=csv"],
            page.FindAll("a.batch-result-xlsx, a.batch-result-csv").Select(a => a.GetAttribute("href")));
    }

    [Fact]
    public async Task Page_StateFilterInTheAddress_ShowsOnlyThoseItems()
    {
        var batch = await BatchAsync(rows: 3);
        await Data.SetItemAsync(batch.Id, row: 3, BatchItemState.Failed, Clock.GetUtcNow().UtcDateTime, "no", Ct);
        Services.GetRequiredService<NavigationManager>().NavigateTo($"batches/{batch.Id}?state=failed");

        var page = RenderPage(batch.Id);

        page.WaitForAssertion(() => Assert.Equal("3", Cells(Assert.Single(ItemRows(page)))[0]));
    }

    [Fact]
    public async Task Running_OperatorPauses_PageShowsPausedWithResume()
    {
        var batch = await BatchAsync(rows: 2);
        var page = RenderPage(batch.Id);
        page.WaitForAssertion(() => Assert.Equal(["Pause", "Cancel batch"], ActionButtons(page)));

        await page.FindAll(".batch-actions button").Single(b => b.TextContent.Trim() == "Pause").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal(["Resume", "Cancel batch"], ActionButtons(page)));
        Assert.Equal("Paused", page.Find(".batch-state").TextContent.Trim());
        Assert.Equal(BatchState.Paused, (await Service.GetAsync(batch.Id, Ct))!.State);
    }

    [Fact]
    public async Task Cancel_AfterConfirmation_CancelsTheBatchAndItsItems()
    {
        var batch = await BatchAsync(rows: 2);
        var host = RenderDialogHost();
        var page = RenderPage(batch.Id);
        page.WaitForAssertion(() => Assert.Contains("Cancel batch", ActionButtons(page)));

        // Not awaited: the click's handler waits for the confirmation.
        page.FindAll(".batch-actions button").Single(b => b.TextContent.Trim() == "Cancel batch").Click();
        host.WaitForAssertion(() => Assert.Contains("Runs in flight are stopped", host.Markup, StringComparison.Ordinal));
        await host.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Cancel batch").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal("Cancelled", page.Find(".batch-state").TextContent.Trim()));
        Assert.Empty(ActionButtons(page));
        var stored = await Service.GetAsync(batch.Id, Ct);
        Assert.Equal((BatchState.Cancelled, 2), (stored!.State, stored.Counts.Cancelled));
    }

    [Fact]
    public async Task Completed_WithFailedItems_OffersRetryFailedOnly()
    {
        var batch = await BatchAsync(rows: 2);
        var now = Clock.GetUtcNow().UtcDateTime;
        await Data.SetItemAsync(batch.Id, row: 2, BatchItemState.Successful, now, ct: Ct);
        await Data.SetItemAsync(batch.Id, row: 3, BatchItemState.Failed, now, "no", Ct);
        await Service.PauseAsync(batch.Id, Ct);

        var page = RenderPage(batch.Id);

        page.WaitForAssertion(() => Assert.Equal(["Resume", "Retry failed", "Cancel batch"], ActionButtons(page)));
    }

    [Fact]
    public async Task Page_AsViewer_ShowsNoActions()
    {
        var batch = await BatchAsync(rows: 1);
        User.SignIn(Core.Security.Roles.Viewer);

        var page = RenderPage(batch.Id);

        page.WaitForAssertion(() => Assert.Single(ItemRows(page)));
        Assert.Empty(page.FindAll(".batch-actions"));
    }

    [Fact]
    public async Task Page_FollowsBatchChanged_ProgressAndItemsMoveWithoutReload()
    {
        var batch = await BatchAsync(rows: 2);
        var page = RenderPage(batch.Id);
        page.WaitForAssertion(() => Assert.Equal("0 of 2 done", page.Find(".batch-progress-text").TextContent));

        await Data.SetItemAsync(batch.Id, row: 2, BatchItemState.Successful, Clock.GetUtcNow().UtcDateTime, ct: Ct);
        await Events.PublishAndWaitAsync([new BatchChanged(batch.Id)]);
        Clock.Advance(TimeSpan.FromSeconds(1));

        page.WaitForAssertion(() => Assert.Equal("1 of 2 done", page.Find(".batch-progress-text").TextContent), TimeSpan.FromSeconds(5));
        page.WaitForAssertion(() => Assert.Equal("Successful", Cells(ItemRows(page)[0])[2]));
    }

    [Fact]
    public void Page_OfAMissingBatch_SaysSo()
    {
        var page = RenderPage(404);

        page.WaitForAssertion(() => Assert.Equal("Batch 404 does not exist (any more).", page.Find("[data-testid=batch-missing]").TextContent.Trim()));
    }

    private async Task<BatchDetail> BatchAsync(int rows) => await Data.BatchAsync(await Data.TaskAsync("订单录入任务", Ct), "十二月订单", rows, Ct);

    private IRenderedComponent<BatchDetailPage> RenderPage(long id) => Render<BatchDetailPage>(p => p.Add(c => c.Id, id));

    private static List<IElement> ItemRows(IRenderedComponent<BatchDetailPage> page) => page.FindAll(".batch-items-grid tbody tr.mud-table-row").ToList();

    private static List<string> ActionButtons(IRenderedComponent<BatchDetailPage> page) =>
        page.FindAll(".batch-actions button").Select(b => b.TextContent.Trim()).ToList();

    private static List<string> Cells(IElement row) => BatchesPageTests.Cells(row);
}
