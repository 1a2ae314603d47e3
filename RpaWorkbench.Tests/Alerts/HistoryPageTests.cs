using AngleSharp.Dom;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.Live;
using RpaWorkbench.Tests.Infrastructure;
using RpaWorkbench.Web.Features.Alerts;

namespace RpaWorkbench.Tests.Alerts;

/// <summary>The alert history and delivery history pages on a real SQLite-backed Core: rows, filters in the address, live updates.</summary>
public sealed class HistoryPageTests : WorkbenchComponentTest
{
    [Fact]
    public async Task AlertsPage_ListsNewestFirst_WithSeverityStateLinkAndMessageCounts()
    {
        var seeded = await HistorySeed.RaiseAsync(Services, "页面", Ct);

        var page = Render<AlertHistoryPage>();

        page.WaitForAssertion(() => Assert.Equal(2, DataRows(page).Count));
        var firing = DataRows(page).Single(r => r.TextContent.Contains("Task failed 3 times", StringComparison.Ordinal));
        // Shanghai is the operators' zone: 08:00 UTC is 16:00 there.
        Assert.Equal(["2026-11-25 16:00:00", "Critical"], Cells(firing).Take(2));
        Assert.Contains("Last error: 登录超时", Cells(firing)[2], StringComparison.Ordinal);
        Assert.Equal(["页面 连续失败", "Firing"], Cells(firing).Skip(3).Take(2));
        Assert.Equal("logs?task=7", firing.QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal("1 delivered · 0 waiting · 0 failed", firing.QuerySelector("a.workbench-alert-messages")!.TextContent.Trim());
        Assert.Equal($"alerts/deliveries?alert={seeded.FiringId}", firing.QuerySelector("a.workbench-alert-messages")!.GetAttribute("href"));
    }

    [Fact]
    public async Task AlertsPage_StateInTheAddress_NarrowsTheList()
    {
        await HistorySeed.RaiseAsync(Services, "筛选", Ct);
        Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo("alerts?state=occurred");

        var page = Render<AlertHistoryPage>();

        page.WaitForAssertion(() => Assert.Single(DataRows(page)));
        Assert.Contains("Run failed: 月报汇总", DataRows(page)[0].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AlertsPage_FollowsAlertChanged()
    {
        var page = Render<AlertHistoryPage>();
        page.WaitForAssertion(() => Assert.Contains("No alert yet", page.Markup, StringComparison.Ordinal));

        await HistorySeed.RaiseAsync(Services, "实时", Ct);
        await Events.PublishAndWaitAsync([new AlertChanged(null)]);
        Clock.Advance(TimeSpan.FromSeconds(1));

        page.WaitForAssertion(() => Assert.Equal(2, DataRows(page).Count), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task DeliveriesPage_OneAlertsMessages_ShowTheChannelsAnswer()
    {
        var seeded = await HistorySeed.RaiseAsync(Services, "发送", Ct);
        Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo($"alerts/deliveries?alert={seeded.OccurredId}");

        var page = Render<AlertDeliveriesPage>();

        page.WaitForAssertion(() => Assert.Single(DataRows(page)));
        var row = DataRows(page)[0];
        Assert.Equal(["发送 运维群", "Alert", "运行失败：月报汇总", "Failed", "1"], Cells(row).Skip(1).Take(5));
        Assert.Contains("sign not match", row.QuerySelector(".workbench-delivery-answer")!.TextContent, StringComparison.Ordinal);
        Assert.Contains($"Alert {seeded.OccurredId}", page.Find(".workbench-delivery-alert").TextContent, StringComparison.Ordinal);
    }

    private static List<IElement> DataRows<T>(IRenderedComponent<T> page) where T : Microsoft.AspNetCore.Components.IComponent =>
        page.FindAll("tbody tr.mud-table-row").Where(r => r.QuerySelectorAll("td").Length > 1).ToList();

    private static List<string> Cells(IElement row) => row.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToList();
}
