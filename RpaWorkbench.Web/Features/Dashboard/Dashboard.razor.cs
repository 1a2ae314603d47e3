using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using RpaWorkbench.Core.Dashboard;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Live;
using RpaWorkbench.Core.Time;
using RpaWorkbench.Web.Features.Executions;
using RpaWorkbench.Web.Resources;

namespace RpaWorkbench.Web.Features.Dashboard;

public partial class Dashboard : LifetimeComponent
{
    private int _days = DashboardQuery.Ranges[0];
    private string? _account;
    private string? _app;
    private DashboardSnapshot? _snapshot;
    private List<ChartSeries<double>> _series = [];
    private string[] _labels = [];

    // The run colours of RunStatusChip: completed in the theme's success green, failed in its error red (light and dark).
    private static readonly BarChartOptions TrendOptions = new() { ChartPalette = [Colors.Green.Accent4, Colors.Red.Default] };

    [Inject] public required DashboardService DashboardService { get; init; }
    [Inject] public required OperatorTime Time { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }
    [Inject] public required IStringLocalizer<UiText> L { get; init; }
    [Inject] public required TimeProvider Clock { get; init; }

    // The filters live in the address (?days=30&account=…&app=…), so a view can be bookmarked and shared; a value that
    // cannot be read falls back to the default instead of failing the page.
    [SupplyParameterFromQuery(Name = "days")] public string? DaysQuery { get; set; }

    [SupplyParameterFromQuery(Name = "account")] public string? AccountQuery { get; set; }

    [SupplyParameterFromQuery(Name = "app")] public string? AppQuery { get; set; }

    private string FailuresLastHourUrl => LogsUrl(new ExecutionLogFilter
    {
        Account = _account,
        App = _app,
        Status = ExecutionStatus.Failed,
        FromUtc = Clock.GetUtcNow().UtcDateTime.AddHours(-1),
    });

    protected override Task OnParametersSetAsync()
    {
        _days = int.TryParse(DaysQuery, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var days)
                && DashboardQuery.Ranges.Contains(days) ? days : DashboardQuery.Ranges[0];
        _account = Blank(AccountQuery);
        _app = Blank(AppQuery);
        return LoadAsync();
    }

    // New logs change every figure; at most one reload a second however fast they arrive. The period ages "online"
    // and "the last hour" without events.
    protected override LiveUpdates LiveUpdates { get; } = new(
        events => events.Any(e => e is LogCreated or TaskChanged or AccountChanged), Interval: TimeSpan.FromSeconds(1), Period: TimeSpan.FromSeconds(30));

    protected override async Task OnLiveUpdateAsync()
    {
        await LoadAsync();
        StateHasChanged();
    }

    private async Task LoadAsync()
    {
        var snapshot = await DashboardService.GetAsync(new DashboardQuery(_days, _account, _app), Closing);
        _labels = [.. snapshot.Trend.Select(d => d.Day.ToString("MM-dd", System.Globalization.CultureInfo.InvariantCulture))];
        _series =
        [
            new ChartSeries<double> { Name = L["Dashboard.Completed"], Data = new ChartData<double>([.. snapshot.Trend.Select(d => (double)d.Completed)]) },
            new ChartSeries<double> { Name = L["Dashboard.Failed"], Data = new ChartData<double>([.. snapshot.Trend.Select(d => (double)d.Failed)]) },
        ];
        _snapshot = snapshot;
    }

    private void RangeFilterChanged(int days) => ShowFilters(days, _account, _app);

    private void AccountFilterChanged(string? account) => ShowFilters(_days, Blank(account), _app);

    private void AppFilterChanged(string? app) => ShowFilters(_days, _account, Blank(app));

    // Replaces the address (no new history entry per keystroke); the query parameters then reload the figures.
    private void ShowFilters(int days, string? account, string? app) => Navigation.NavigateTo(
        Navigation.GetUriWithQueryParameters(new Dictionary<string, object?>
        {
            ["days"] = days == DashboardQuery.Ranges[0] ? null : days,
            ["account"] = account,
            ["app"] = app,
        }),
        replace: true);

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    // A bar opens that day's logs (both series: the logs page shows the status of each).
    private void DayClicked(int index)
    {
        if (_snapshot is { } snapshot && index >= 0 && index < snapshot.Trend.Count)
        {
            var day = snapshot.Trend[index];
            Navigation.NavigateTo(LogsUrl(RangeFilter() with { FromUtc = day.FromUtc, ToUtc = day.ToUtc }));
        }
    }

    private string AppUrl(string app) => LogsUrl(RangeFilter() with { App = app });

    private string AccountUrl(string account) => LogsUrl(RangeFilter() with { Account = account });

    private string FailureUrl(string message) => LogsUrl(RangeFilter() with { Text = message });

    private ExecutionLogFilter RangeFilter() => new()
    {
        Account = _account,
        App = _app,
        FromUtc = _snapshot?.FromUtc,
        ToUtc = _snapshot?.ToUtc,
    };

    private string LogsUrl(ExecutionLogFilter filter) =>
        Navigation.GetUriWithQueryParameters("/logs", LogFilterQuery.ToParameters(filter, Time));

    private static string Number(long value) => DashboardFormat.Number(value);

    private static string Percent(double? rate) => DashboardFormat.Percent(rate);

    private string Change(double? change) =>
        change is { } points ? L["Dashboard.Points", DashboardFormat.SignedPoints(points)] : DashboardFormat.NoValue;

    private static string Seconds(double? seconds) => DashboardFormat.Seconds(seconds);
}
