using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Tests.Infrastructure;
using RpaWorkbench.Web.Features.Executions;
using static RpaWorkbench.Tests.Executions.TestLogs;

namespace RpaWorkbench.Tests.Executions;

/// <summary>
/// The logs page's time range as date and time pickers in the operators' zone (Asia/Shanghai; the fake clock is
/// 2026-11-25 16:00 there): what the address says is what the pickers show, and what is picked goes to the address in
/// the same format, a date alone meaning the start of that day for 'from' and the whole day for 'to'.
/// </summary>
public sealed class LogsTimeFilterTests : WorkbenchComponentTest
{
    private NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    [Fact]
    public void AddressWithDates_ShowsTheDaysWithoutTimes()
    {
        Navigation.NavigateTo("logs?from=2026-11-20&to=2026-11-24");

        var page = Render<Logs>();

        Assert.Equal(("2026-11-20", ""), Shown(page, "from"));
        Assert.Equal(("2026-11-24", ""), Shown(page, "to"));
    }

    [Fact]
    public void AddressWithTimes_ShowsDaysAndTimesInTheOperatorsZone()
    {
        Navigation.NavigateTo("logs?from=2026-11-20T08:30&to=2026-11-24T00:30:00Z");

        var page = Render<Logs>();

        Assert.Equal(("2026-11-20", "08:30"), Shown(page, "from"));
        Assert.Equal(("2026-11-24", "08:30"), Shown(page, "to"));
    }

    [Fact]
    public async Task PickingAToDate_IncludesThatWholeDay_InTheAddressAndTheRows()
    {
        await AddAsync(Services,
            Log("tygj001", "云仓收藏", ExecutionStatus.Completed, new DateTime(2026, 11, 23, 15, 59, 0, DateTimeKind.Utc)),
            Log("tygj001", "云仓收藏", ExecutionStatus.Completed, new DateTime(2026, 11, 24, 15, 59, 0, DateTimeKind.Utc)),
            Log("tygj001", "云仓收藏", ExecutionStatus.Completed, new DateTime(2026, 11, 24, 16, 1, 0, DateTimeKind.Utc)));
        Navigation.NavigateTo("logs");
        var page = Render<Logs>();
        page.WaitForAssertion(() => Assert.Equal(3, Rows(page)));

        await PickDateAsync(page, "to", new DateTime(2026, 11, 24));

        Assert.EndsWith("logs?to=2026-11-25T00%3A00%3A00", Navigation.Uri, StringComparison.Ordinal);
        page.WaitForAssertion(() => Assert.Equal(2, Rows(page)));
        Assert.Equal(("2026-11-24", ""), Shown(page, "to"));
    }

    [Fact]
    public async Task PickingATimeWithoutADate_MeansTodayInTheOperatorsZone()
    {
        Navigation.NavigateTo("logs");
        var page = Render<Logs>();
        var time = Bound(page, "from").FindComponent<MudTimePicker>();

        await page.InvokeAsync(() => time.Instance.TimeChanged.InvokeAsync(new TimeSpan(9, 15, 0)));

        Assert.EndsWith("logs?from=2026-11-25T09%3A15%3A00", Navigation.Uri, StringComparison.Ordinal);
        Assert.Equal(("2026-11-25", "09:15"), Shown(page, "from"));
    }

    [Fact]
    public async Task ClearingTheFromDate_RemovesItFromTheAddress()
    {
        Navigation.NavigateTo("logs?from=2026-11-20&q=timeout");
        var page = Render<Logs>();

        await PickDateAsync(page, "from", null);

        Assert.EndsWith("logs?q=timeout", Navigation.Uri, StringComparison.Ordinal);
        Assert.Equal(("", ""), Shown(page, "from"));
    }

    private static Task PickDateAsync(IRenderedComponent<Logs> page, string end, DateTime? date)
    {
        var picker = Bound(page, end).FindComponent<MudDatePicker>();
        return page.InvokeAsync(() => picker.Instance.DateChanged.InvokeAsync(date));
    }

    private static IRenderedComponent<LogTimeBound> Bound(IRenderedComponent<Logs> page, string end) =>
        page.FindComponents<LogTimeBound>().Single(bound => bound.Instance.IsEnd == (end == "to"));

    private static (string Date, string Time) Shown(IRenderedComponent<Logs> page, string end) =>
        (page.Find($".logs-filter-{end} .log-time-bound-date input").GetAttribute("value") ?? "",
         page.Find($".logs-filter-{end} .log-time-bound-time input").GetAttribute("value") ?? "");

    private static int Rows(IRenderedComponent<Logs> page) => page.FindAll("tbody tr.mud-table-row").Count;
}
