using System.Globalization;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Webhooks;
using RpaWorkbench.Tests.Infrastructure;
using static RpaWorkbench.Tests.Dashboard.DashboardRuns;

namespace RpaWorkbench.Tests.Dashboard;

/// <summary>
/// Figures over no runs do not exist: a success rate or an average of nothing is "—", not 0.0 %, and a trend with no
/// runs says so instead of drawing an empty axis. The fake clock is 2026-11-25 16:00 in Asia/Shanghai.
/// </summary>
public sealed class DashboardNoRunsTests : WorkbenchComponentTest
{
    private DateTime Now => Clock.GetUtcNow().UtcDateTime;

    [Fact]
    public void NoRunsAtAll_RatesAndAverageAreADash_AndTheTrendSaysItIsEmpty()
    {
        var page = Render<Web.Features.Dashboard.Dashboard>();

        page.WaitForAssertion(() => Assert.Equal("0", CardValue(page, "runs-today")));
        Assert.Equal("—", CardValue(page, "success-today"));
        Assert.Equal("— vs. yesterday (—)", CardNote(page, "success-today"));
        Assert.Equal("—", CardValue(page, "average-duration"));
        Assert.Equal("No runs in the last 7 days: the chart fills in as robots report their runs.", page.Find(".dashboard-trend-empty").TextContent.Trim());
        Assert.Empty(page.FindAll(".dashboard-trend"));
    }

    [Fact]
    public void RunsYesterdayButNoneToday_TodaysRateIsADash_YesterdaysIsShown()
    {
        Write(
            Run("tygj00001", "对账", ExecutionStatus.Completed, Now.AddDays(-1), 30),
            Run("tygj00001", "对账", ExecutionStatus.Failed, Now.AddDays(-1), 30, error: "登录失败"));

        var page = Render<Web.Features.Dashboard.Dashboard>();

        page.WaitForAssertion(() => Assert.Equal("30.0 s", CardValue(page, "average-duration")));
        Assert.Equal("—", CardValue(page, "success-today"));
        Assert.Equal("— vs. yesterday (50.0%)", CardNote(page, "success-today"));
        Assert.NotEmpty(page.FindAll(".dashboard-trend"));
        Assert.Empty(page.FindAll(".dashboard-trend-empty"));
    }

    [Fact]
    public void NoRuns_InChinese_TheTrendSaysSoInChinese()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");

        var page = Render<Web.Features.Dashboard.Dashboard>();

        page.WaitForAssertion(() => Assert.Equal("最近 7 天没有运行记录；机器人上报运行后，这里会按天显示成功和失败次数。",
            page.Find(".dashboard-trend-empty").TextContent.Trim()));
        Assert.Equal("较昨日 —（昨日 —）", CardNote(page, "success-today"));
    }

    private void Write(params ExecutionCallback[] runs) => Services.GetRequiredService<CallbackBatchWriter>().Write(runs);

    private static string CardValue(IRenderedComponent<Web.Features.Dashboard.Dashboard> page, string id) =>
        page.Find($".dashboard-card-{id} .dashboard-card-value").TextContent.Trim();

    private static string CardNote(IRenderedComponent<Web.Features.Dashboard.Dashboard> page, string id) =>
        page.Find($".dashboard-card-{id} .mud-typography-caption").TextContent.Trim();
}
