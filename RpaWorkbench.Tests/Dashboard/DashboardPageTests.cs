using System.Globalization;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Live;
using RpaWorkbench.Core.Webhooks;
using RpaWorkbench.Tests.Infrastructure;
using static RpaWorkbench.Tests.Dashboard.DashboardRuns;

namespace RpaWorkbench.Tests.Dashboard;

public sealed class DashboardPageTests : WorkbenchComponentTest
{
    private DateTime Now => Clock.GetUtcNow().UtcDateTime;

    [Fact]
    public void Page_RendersTheCardsTheTrendSeriesAndTheRankings()
    {
        Write(
            Run("tygj00001", "财务日报", ExecutionStatus.Completed, Now.AddHours(-2), 30, items: 7),
            Run("tygj00001", "财务日报", ExecutionStatus.Completed, Now.AddHours(-2), 50, items: 3),
            Run("tygj00002", "对账", ExecutionStatus.Failed, Now.AddMinutes(-20), 10, error: "登录失败"));

        var page = Render<Web.Features.Dashboard.Dashboard>();

        page.WaitForAssertion(() => Assert.Equal("3", CardValue(page, "runs-today")));
        Assert.Equal("66.7%", CardValue(page, "success-today"));
        Assert.Equal("30.0 s", CardValue(page, "average-duration"));
        Assert.Equal("10", CardValue(page, "items"));
        Assert.Equal("2 / 2", CardValue(page, "robots-online"));
        Assert.Equal("1", CardValue(page, "failures-hour"));
        var chart = page.Find(".dashboard-trend");
        Assert.Contains("Completed", chart.TextContent, StringComparison.Ordinal);
        Assert.Contains("Failed", chart.TextContent, StringComparison.Ordinal);
        Assert.NotEmpty(chart.QuerySelectorAll("svg path, svg rect"));
        Assert.Equal(["财务日报", "对账"], page.FindAll(".dashboard-apps tbody tr td:first-child").Select(c => c.TextContent.Trim()));
        Assert.Contains("登录失败", page.Find(".dashboard-failures").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void RankingLink_OpensTheLogsPageFilteredToTheApp()
    {
        Write(Run("tygj00001", "对账", ExecutionStatus.Completed, Now.AddHours(-2), 30));

        var page = Render<Web.Features.Dashboard.Dashboard>();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".dashboard-apps tbody a")));
        var href = page.Find(".dashboard-apps tbody a").GetAttribute("href")!;
        Assert.Contains("/logs?", href, StringComparison.Ordinal);
        Assert.Contains("app=" + Uri.EscapeDataString("对账"), href, StringComparison.Ordinal);
        Assert.Contains("from=2026-11-19T00%3A00%3A00", href, StringComparison.Ordinal);
    }

    [Fact]
    public void LogArrives_PageUpdatesWithoutReload()
    {
        var page = Render<Web.Features.Dashboard.Dashboard>();
        page.WaitForAssertion(() => Assert.Equal("0", CardValue(page, "runs-today")));

        var (_, events) = Services.GetRequiredService<CallbackBatchWriter>().Write([Run("tygj00001", "对账", ExecutionStatus.Completed, Now.AddMinutes(-5), 30)]);
        Services.GetRequiredService<IWorkbenchEvents>().Publish(events);

        page.WaitForAssertion(() => Assert.Equal("1", CardValue(page, "runs-today")), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void FiltersInTheAddress_ChooseRangeAccountAndApp_BadValuesFallBack()
    {
        Write(
            Run("tygj00001", "对账", ExecutionStatus.Completed, Now.AddDays(-20), 30, items: 5),
            Run("tygj00001", "对账", ExecutionStatus.Completed, Now.AddHours(-2), 30, items: 7),
            Run("tygj00002", "对账", ExecutionStatus.Completed, Now.AddHours(-2), 30, items: 11));
        var navigation = Services.GetRequiredService<NavigationManager>();

        navigation.NavigateTo("dashboard?days=30&account=tygj00001");
        var page = Render<Web.Features.Dashboard.Dashboard>();
        page.WaitForAssertion(() => Assert.Equal("12", CardValue(page, "items")));

        navigation.NavigateTo("dashboard?days=abc&app=%E5%AF%B9%E8%B4%A6");
        page.WaitForAssertion(() => Assert.Equal("18", CardValue(page, "items")));
    }

    [Fact]
    public void ChoosingARange_PutsItInTheAddress()
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo("dashboard");
        var page = Render<Web.Features.Dashboard.Dashboard>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".dashboard-card-items")));

        var select = page.FindComponent<MudBlazor.MudSelect<int>>().Instance;
        page.InvokeAsync(() => select.ValueChanged.InvokeAsync(90));

        Assert.EndsWith("dashboard?days=90", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
    }

    // Figures over no runs do not exist: a rate or an average of nothing is "—", not 0.0 %, and a trend with no runs
    // says so instead of drawing an empty axis. The fake clock is 2026-11-25 16:00 in Asia/Shanghai.
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
