using Microsoft.AspNetCore.Http.HttpResults;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Core.Dashboard;
using RpaWorkbench.Core.Time;
using RpaWorkbench.Web.Features.ApiDocs;
using RpaWorkbench.Web.Infrastructure.Api;

namespace RpaWorkbench.Web.Features.Dashboard;

/// <summary>
/// The dashboard page's figures for scripts (the seed's <c>/dashboard/stats</c>, <c>/performance</c>,
/// <c>/execution-rank</c>): the last <c>days</c> (7, 30 or 90) days in the operators' time zone, today included,
/// optionally for one <c>account</c> and/or <c>app</c> — the page's own query, so the numbers are the page's.
/// </summary>
public static class DashboardApi
{
    public const string DaysField = "days";
    public const string AccountField = "account";
    public const string AppField = "app";

    public static void MapDashboardApi(this IEndpointRouteBuilder endpoints)
    {
        var dashboard = endpoints.MapRestGroup("/dashboard", "Dashboard")
            .TakesQuery(
                (DaysField, "7 (default), 30 or 90 days in the operators' time zone, ending today."),
                (AccountField, "Only this robot account (exact)."),
                (AppField, "Only this app (exact)."))
            .ProducesProblems([StatusCodes.Status422UnprocessableEntity]);
        dashboard.MapGet("/stats", StatsAsync).Needs(ApiKeyScopes.Viewer).WithName("get-dashboard-stats")
            .WithSummary("The dashboard's cards: runs and success rate today, robots online, tasks running, top failures")
            .WithMetadata(DashboardExamples.Stats);
        dashboard.MapGet("/performance", PerformanceAsync).Needs(ApiKeyScopes.Viewer).WithName("get-dashboard-performance")
            .WithSummary("Runs per day (completed, failed, other) over the period, in the operators' time zone")
            .WithMetadata(DashboardExamples.Performance);
        dashboard.MapGet("/execution-rank", RankAsync).Needs(ApiKeyScopes.Viewer).WithName("get-dashboard-execution-rank")
            .WithSummary("Apps and robot accounts by run time over the period, slowest first")
            .WithMetadata(DashboardExamples.ExecutionRank);
    }

    private static async Task<Ok<DashboardStats>> StatsAsync(HttpRequest request, DashboardService dashboard, OperatorTime time, CancellationToken cancellationToken)
    {
        var snapshot = await SnapshotAsync(request, dashboard, cancellationToken);
        var cards = snapshot.Cards;
        return TypedResults.Ok(new DashboardStats(
            DashboardPeriod.Of(snapshot, time),
            snapshot.Trend.Sum(d => d.Completed + d.Failed + d.Other),
            cards.RunsToday,
            cards.SuccessRateToday,
            cards.SuccessRateYesterday,
            cards.SuccessRateChange,
            cards.AverageDurationSeconds,
            cards.ItemsProcessed,
            cards.RobotsOnline,
            cards.RobotsTotal,
            cards.TasksRunning,
            cards.FailuresLastHour,
            snapshot.TopFailures));
    }

    private static async Task<Ok<DashboardPerformance>> PerformanceAsync(HttpRequest request, DashboardService dashboard, OperatorTime time, CancellationToken cancellationToken)
    {
        var snapshot = await SnapshotAsync(request, dashboard, cancellationToken);
        return TypedResults.Ok(new DashboardPerformance(DashboardPeriod.Of(snapshot, time),
            [.. snapshot.Trend.Select(d => new DashboardTrendDay(d.Day, d.Completed + d.Failed + d.Other, d.Completed, d.Failed, d.Other, d.FromUtc, d.ToUtc))]));
    }

    private static async Task<Ok<DashboardExecutionRank>> RankAsync(HttpRequest request, DashboardService dashboard, OperatorTime time, CancellationToken cancellationToken)
    {
        var snapshot = await SnapshotAsync(request, dashboard, cancellationToken);
        return TypedResults.Ok(new DashboardExecutionRank(DashboardPeriod.Of(snapshot, time), snapshot.Apps, snapshot.Accounts));
    }

    private static Task<DashboardSnapshot> SnapshotAsync(HttpRequest request, DashboardService dashboard, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        // The Core names the allowed ranges (7, 30, 90) when the number is another.
        var days = QueryValues.Number(request, DaysField, DashboardQuery.Ranges[0], 1, DashboardQuery.Ranges[^1], errors);
        QueryValues.ThrowIfAny(errors);
        return dashboard.GetAsync(new DashboardQuery(days, QueryValues.Text(request, AccountField), QueryValues.Text(request, AppField)), cancellationToken);
    }
}

/// <summary>
/// The days a dashboard answer covers: <c>first_day</c> to <c>last_day</c> (today) in <c>time_zone</c>, which are the
/// UTC instants <c>from</c> (inclusive) to <c>to</c> (exclusive).
/// </summary>
public sealed record DashboardPeriod(int Days, DateOnly FirstDay, DateOnly LastDay, string TimeZone, DateTime From, DateTime To)
{
    public static DashboardPeriod Of(DashboardSnapshot snapshot, OperatorTime time) => new(
        snapshot.Today.DayNumber - snapshot.FirstDay.DayNumber + 1, snapshot.FirstDay, snapshot.Today, time.Zone.Id, snapshot.FromUtc, snapshot.ToUtc);
}

/// <summary>
/// The cards. Rates are completed ÷ all runs as a fraction (0.95), null on a day without runs; <c>success_rate_change</c>
/// is today's minus yesterday's. <c>runs</c>, <c>average_duration_seconds</c> and <c>items_processed</c> cover the period;
/// robots and running tasks are now; <c>failures_last_hour</c> counts failed, timed-out and lost runs.
/// </summary>
public sealed record DashboardStats(
    DashboardPeriod Period,
    int Runs,
    int RunsToday,
    double? SuccessRateToday,
    double? SuccessRateYesterday,
    double? SuccessRateChange,
    double? AverageDurationSeconds,
    long ItemsProcessed,
    int RobotsOnline,
    int RobotsTotal,
    int TasksRunning,
    int FailuresLastHour,
    IReadOnlyList<FailureMessageCount> TopFailures);

/// <summary>One day of the trend; <c>other</c> is stopped, timed-out and lost runs.</summary>
public sealed record DashboardTrendDay(DateOnly Day, int Runs, int Completed, int Failed, int Other, DateTime From, DateTime To);

public sealed record DashboardPerformance(DashboardPeriod Period, IReadOnlyList<DashboardTrendDay> Days);

/// <summary>The page's two ranking tables: slowest average first, then p95 (from the roll-up's histogram), then name.</summary>
public sealed record DashboardExecutionRank(DashboardPeriod Period, IReadOnlyList<DashboardRanking> Apps, IReadOnlyList<DashboardRanking> Accounts);
