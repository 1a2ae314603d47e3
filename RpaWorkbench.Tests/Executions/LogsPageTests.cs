using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Live;
using RpaWorkbench.Tests.Infrastructure;
using RpaWorkbench.Web.Features.Executions;
using static RpaWorkbench.Tests.Executions.TestLogs;

namespace RpaWorkbench.Tests.Executions;

public sealed class LogsPageTests : WorkbenchComponentTest
{
    private static readonly DateTime Start = new(2026, 11, 25, 2, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Page_FiltersFromTheAddress_AreApplied()
    {
        await AddAsync(Services,
            Log("tygj001", "云仓收藏", ExecutionStatus.Failed, Start, error: "网页加载超时"),
            Log("tygj001", "云仓收藏", ExecutionStatus.Completed, Start.AddMinutes(5)),
            Log("tygj002", "云仓收藏", ExecutionStatus.Failed, Start.AddMinutes(10)),
            Log("tygj001", "云仓收藏", ExecutionStatus.Failed, Start.AddDays(-3)));

        Services.GetRequiredService<NavigationManager>().NavigateTo("logs?account=tygj001&status=failed&from=2026-11-25");
        var page = Render<Logs>();

        page.WaitForAssertion(() => Assert.Single(DataRows(page)));
        Assert.Equal("tygj001", page.Find(".logs-filter-account input").GetAttribute("value"));
        Assert.Contains("网页加载超时", DataRows(page)[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("account=tygj001", page.Instance.ExportUrl, StringComparison.Ordinal);
        Assert.Contains("status=failed", page.Instance.ExportUrl, StringComparison.Ordinal);
        Assert.Contains("from=2026-11-25T00%3A00%3A00", page.Instance.ExportUrl, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_RowsShowLocalTimesAndLinkToTheirDetail()
    {
        var log = (await AddAsync(Services, Log("tygj001", "云仓收藏", ExecutionStatus.Completed, Start, seconds: 90)))[0];

        var page = Render<Logs>();

        page.WaitForAssertion(() => Assert.Single(DataRows(page)));
        var link = DataRows(page)[0].QuerySelector("a")!;
        Assert.Equal($"logs/{log.Id}", link.GetAttribute("href"));
        Assert.Equal("2026-11-25 10:00:00", link.TextContent.Trim());
        Assert.Contains("0:01:30", DataRows(page)[0].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LogCreated_OnTheFirstPage_ReloadsItWithTheNewRunOnTop()
    {
        await AddAsync(Services, Log("tygj001", "云仓收藏", ExecutionStatus.Completed, Start));
        var page = Render<Logs>();
        page.WaitForAssertion(() => Assert.Single(DataRows(page)));

        var added = (await AddAsync(Services, Log("tygj009", "订单同步", ExecutionStatus.Failed, Start.AddMinutes(30))))[0];
        Services.GetRequiredService<IWorkbenchEvents>().Publish([new LogCreated(added.Id, "tygj009", "订单同步", ExecutionStatus.Failed)]);

        page.WaitForAssertion(() => Assert.Equal(2, DataRows(page).Count), TimeSpan.FromSeconds(5));
        Assert.Contains("tygj009", DataRows(page)[0].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LogCreated_NotMatchingTheFilter_DoesNotReload()
    {
        await AddAsync(Services, Log("tygj001", "云仓收藏", ExecutionStatus.Completed, Start));
        Services.GetRequiredService<NavigationManager>().NavigateTo("logs?account=tygj001");
        var page = Render<Logs>();
        page.WaitForAssertion(() => Assert.Single(DataRows(page)));
        page.WaitForAssertion(() => Assert.Equal(1, Events.Subscribers));

        // Stored for tygj001 (it would match) but announced as another account's: the page hears it and must not reload.
        var unannounced = (await AddAsync(Services, Log("tygj001", "云仓收藏", ExecutionStatus.Completed, Start.AddMinutes(1))))[0];
        await Events.PublishAndWaitAsync([new LogCreated(unannounced.Id, "tygj002", "云仓收藏", ExecutionStatus.Completed)]);

        // The page refreshes at most once a second on its clock, which stands still here: the next matching run reloads
        // it at once only if no refresh went on the event before. That reload shows both runs stored since.
        var announced = (await AddAsync(Services, Log("tygj001", "云仓收藏", ExecutionStatus.Completed, Start.AddMinutes(2))))[0];
        Events.Publish([new LogCreated(announced.Id, "tygj001", "云仓收藏", ExecutionStatus.Completed)]);

        page.WaitForAssertion(() => Assert.Equal(3, DataRows(page).Count), TimeSpan.FromSeconds(5));
    }

    private static List<IElement> DataRows(IRenderedComponent<Logs> page) => page.FindAll("tbody tr.mud-table-row").ToList();
}
