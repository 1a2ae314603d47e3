using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.Batches;
using RpaWorkbench.Core.Live;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Batches;

public sealed class BatchesPageTests : WorkbenchComponentTest
{
    private BatchPageData Data => new(Services);

    private BatchService Service => Services.GetRequiredService<BatchService>();

    [Fact]
    public async Task Page_ListsBatchesWithStateProgressCountsAndCreator()
    {
        var task = await Data.TaskAsync("订单录入任务", Ct);
        var batch = await Data.BatchAsync(task, "十二月订单", rows: 4, Ct);
        var now = Clock.GetUtcNow().UtcDateTime;
        await Data.SetItemAsync(batch.Id, row: 2, BatchItemState.Successful, now, ct: Ct);
        await Data.SetItemAsync(batch.Id, row: 3, BatchItemState.Failed, now, "金额不符", Ct);

        var page = Render<Web.Features.Batches.Batches>();

        page.WaitForAssertion(() => Assert.Single(DataRows(page)));
        var cells = Cells(DataRows(page)[0]);
        Assert.Equal(["十二月订单", "订单录入任务", "Running", "2 of 4 done"], cells.Take(4));
        Assert.Equal(["Successful 1", "Failed 1"], Chips(DataRows(page)[0]));
        // The test operator, at the clock's time in Shanghai (08:00 UTC).
        Assert.Equal(["operator-user", "2026-11-25 16:00:00"], cells.Skip(5).Take(2));
        Assert.Equal("batches/" + batch.Id, page.Find("tbody a").GetAttribute("href"));
        var bar = page.Find(".batch-progress");
        Assert.Equal(("2", "4"), (bar.GetAttribute("aria-valuenow"), bar.GetAttribute("aria-valuemax")));
        Assert.Equal("width:25%;background:var(--mud-palette-success)", page.Find(".batch-progress-successful").GetAttribute("style"));
        Assert.Equal("width:25%;background:var(--mud-palette-error)", page.Find(".batch-progress-failed").GetAttribute("style"));
    }

    [Fact]
    public async Task Page_StateInTheAddress_ListsOnlyBatchesInThatState()
    {
        var task = await Data.TaskAsync("录入", Ct);
        await Data.BatchAsync(task, "still-running", rows: 1, Ct);
        var paused = await Data.BatchAsync(task, "on-hold", rows: 1, Ct);
        await Service.PauseAsync(paused.Id, Ct);
        Services.GetRequiredService<NavigationManager>().NavigateTo("batches?state=paused");

        var page = Render<Web.Features.Batches.Batches>();

        page.WaitForAssertion(() => Assert.Equal("on-hold", Cells(Assert.Single(DataRows(page)))[0]));
        Assert.Equal("Paused", Cells(DataRows(page)[0])[2]);
    }

    [Fact]
    public async Task Page_FollowsBatchChangedFromElsewhere()
    {
        var task = await Data.TaskAsync("录入", Ct);
        var page = Render<Web.Features.Batches.Batches>();
        page.WaitForAssertion(() => Assert.Contains("No batches match", page.Markup, StringComparison.Ordinal));

        var batch = await Data.BatchAsync(task, "late-arrival", rows: 2, Ct);
        await Events.PublishAndWaitAsync([new BatchChanged(batch.Id)]);
        Clock.Advance(TimeSpan.FromSeconds(1));

        page.WaitForAssertion(() => Assert.Equal("late-arrival", Cells(Assert.Single(DataRows(page)))[0]), TimeSpan.FromSeconds(5));
    }

    private static List<IElement> DataRows(IRenderedComponent<Web.Features.Batches.Batches> page) =>
        page.FindAll("tbody tr.mud-table-row").ToList();

    /// <summary>The item-count chips of a row (or a page part), each as "state count".</summary>
    internal static List<string> Chips(IElement part) => part.QuerySelectorAll(".batch-counts .batch-item-state").Select(Normalized).ToList();

    /// <summary>Each cell's text with its white space (line breaks, no-break spaces) as single spaces.</summary>
    internal static List<string> Cells(IElement row) =>
        row.QuerySelectorAll("td").Select(Normalized).ToList();

    private static string Normalized(IElement element) => string.Join(' ', element.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
