using AngleSharp.Dom;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.Alerts;
using RpaWorkbench.Core.Alerts.Channels;
using RpaWorkbench.Core.Alerts.Management;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Tests.Infrastructure;
using RpaWorkbench.Web.Features.Alerts;

namespace RpaWorkbench.Tests.Alerts;

public sealed class RulePageTests : WorkbenchComponentTest
{
    private AlertRuleService Service => Services.GetRequiredService<AlertRuleService>();

    [Fact]
    public async Task Page_ListsRulesWithKindInWordsScopeChannelsSeverityAndQuietHours()
    {
        var (_, task) = await RuleTestData.TaskAsync(ContextAsync, "tygj001", "收藏任务");
        var channel = await RuleTestData.ChannelAsync(ContextAsync, "运维群");
        await Service.CreateAsync(new AlertRuleInput
        {
            Name = "三连败", Kind = AlertRuleKind.FailuresInARow, Threshold = 3, Severity = AlertSeverity.Critical, TaskId = task,
            ChannelIds = [channel], QuietFrom = new TimeOnly(22, 0), QuietTo = new TimeOnly(7, 0),
        }, Ct);
        await Service.CreateAsync(new AlertRuleInput { Name = "离线", Kind = AlertRuleKind.RobotOffline, Threshold = 10 }, Ct);

        var page = Render<AlertRules>();

        page.WaitForAssertion(() => Assert.Equal(2, DataRows(page).Count));
        Assert.Equal(["三连败", "Failures in a row", "Task: 收藏任务", "运维群", "Critical"], Cells(DataRows(page)[0]).Take(5));
        Assert.Equal("22:00–07:00", Cells(DataRows(page)[0])[6]);
        Assert.Equal(["离线", "Robot offline", "Everything", "History only", "Warning"], Cells(DataRows(page)[1]).Take(5));
    }

    [Fact]
    public async Task NewRuleDialog_ShowsTheFiguresOfTheChosenKindAndSavesThem()
    {
        var channel = await RuleTestData.ChannelAsync(ContextAsync, "值班群");
        var host = RenderDialogHost();
        var page = Render<AlertRules>();
        page.WaitForAssertion(() => Assert.Contains("No alert rules match", page.Markup, StringComparison.Ordinal));

        page.FindAll("button").Single(b => b.TextContent.Contains("New rule", StringComparison.Ordinal)).Click();
        host.WaitForAssertion(() => Assert.NotEmpty(host.FindAll(".mud-dialog .workbench-rule-name input")));
        Assert.NotEmpty(host.FindAll(".mud-dialog .workbench-rule-threshold"));
        Assert.Contains("fires when the task's last N runs all failed", host.Markup, StringComparison.OrdinalIgnoreCase);

        await host.Find(".mud-dialog .workbench-rule-name input").InputAsync("成功率");
        var kind = host.FindComponent<MudBlazor.MudSelect<AlertRuleKind>>();
        await host.InvokeAsync(() => kind.Instance.ValueChanged.InvokeAsync(AlertRuleKind.SuccessRateBelow));
        host.WaitForAssertion(() => Assert.Empty(host.FindAll(".mud-dialog .workbench-rule-threshold")));
        Assert.NotEmpty(host.FindAll(".mud-dialog .workbench-rule-percent"));
        host.Find(".mud-dialog .workbench-rule-channel input").Change(true);
        await DialogButton(host, "Save").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal("成功率", Cells(Assert.Single(DataRows(page)))[0]));
        var saved = Assert.Single(await Service.ListAsync(new AlertRuleQuery(), Ct));
        Assert.Equal((AlertRuleKind.SuccessRateBelow, (int?)null, 90d, 60, 5, AlertGroupBy.Task),
            (saved.Kind, saved.Threshold, saved.Percent, saved.WindowMinutes, saved.MinRuns, saved.GroupBy));
        Assert.Equal([channel], saved.Channels.Select(c => c.Id));
    }

    [Fact]
    public async Task Page_AsViewer_ShowsRowsButNoButtons()
    {
        await Service.CreateAsync(new AlertRuleInput { Name = "east", Kind = AlertRuleKind.RunFailed }, Ct);
        User.SignIn(Core.Security.Roles.Viewer);

        var page = Render<AlertRules>();

        page.WaitForAssertion(() => Assert.Single(DataRows(page)));
        Assert.DoesNotContain(page.FindAll("button"), b => b.TextContent.Contains("New rule", StringComparison.Ordinal));
        Assert.Empty(page.FindAll("button[aria-label='Edit east'], button[aria-label='Delete east']"));
    }

    private Task<WorkbenchDbContext> ContextAsync() =>
        Services.GetRequiredService<IDbContextFactory<WorkbenchDbContext>>().CreateDbContextAsync(Ct);

    private static IElement DialogButton(IRenderedComponent<MudBlazor.MudDialogProvider> host, string text) =>
        host.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == text);

    private static List<IElement> DataRows(IRenderedComponent<AlertRules> page) => page.FindAll("tbody tr.mud-table-row").ToList();

    private static List<string> Cells(IElement row) => row.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToList();
}
