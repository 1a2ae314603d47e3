using RpaWorkbench.Core.Dashboard;
using RpaWorkbench.Web.Features.ApiDocs;

namespace RpaWorkbench.Web.Features.Dashboard;

/// <summary>
/// A week of the seed's robot (<see cref="SeedValues"/>: 云仓收藏 on tygj001, half-hour runs of 50 items, one failed
/// run) as examples of <c>/api/v1/dashboard</c>; the numbers of the three answers agree with each other.
/// </summary>
internal static class DashboardExamples
{
    private const string Failure = "元素未找到：登录按钮（等待 30 秒超时）";

    // Runs per day of the week ending on the seed run's day; the one failure was on the third day.
    private static readonly int[] Completed = [6, 6, 5, 6, 6, 6, 1];
    private static readonly int[] Failed = [0, 0, 1, 0, 0, 0, 0];

    private static readonly DateOnly Today = DateOnly.FromDateTime(SeedValues.RunStart);
    // Shanghai's midnight is 16:00 UTC the day before (UTC+8, no daylight saving).
    private static readonly DateTime FirstDayStart = SeedValues.RunStart.Date.AddHours(-8).AddDays(1 - Completed.Length);

    private static readonly DashboardPeriod Week = new(
        Completed.Length, Today.AddDays(1 - Completed.Length), Today, SeedValues.TimeZone, FirstDayStart, FirstDayStart.AddDays(Completed.Length));

    private static int Runs => Completed.Sum() + Failed.Sum();

    private static DashboardRanking Ranking(string name) => new(
        name, Runs, Completed.Sum(), Failed.Sum(), Math.Round((double)Completed.Sum() / Runs, 3), SeedValues.DurationSeconds, 1860);

    public static readonly ApiExample[] Stats =
    [
        ApiExample.Of("seed", "The week of the seed's robot", new DashboardStats(
            Week, Runs, RunsToday: Completed[^1], SuccessRateToday: 1.0, SuccessRateYesterday: 1.0, SuccessRateChange: 0.0,
            AverageDurationSeconds: SeedValues.DurationSeconds, ItemsProcessed: (long)Runs * SeedValues.TotalItems, RobotsOnline: 1, RobotsTotal: 1,
            TasksRunning: 0, FailuresLastHour: 0, TopFailures: [new FailureMessageCount(Failure, 1)]), StatusCodes.Status200OK),
    ];

    public static readonly ApiExample[] Performance =
    [
        ApiExample.Of("seed", "The week of the seed's robot, day by day", new DashboardPerformance(Week,
        [
            .. Enumerable.Range(0, Completed.Length).Select(i => new DashboardTrendDay(
                Week.FirstDay.AddDays(i), Completed[i] + Failed[i], Completed[i], Failed[i], 0, FirstDayStart.AddDays(i), FirstDayStart.AddDays(i + 1))),
        ]), StatusCodes.Status200OK),
    ];

    public static readonly ApiExample[] ExecutionRank =
    [
        ApiExample.Of("seed", "The seed's app and robot account over the week",
            new DashboardExecutionRank(Week, [Ranking(SeedValues.App)], [Ranking(SeedValues.Account)]), StatusCodes.Status200OK),
    ];
}
