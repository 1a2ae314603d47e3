namespace RpaWorkbench.Core.Dashboard;

/// <summary>What the dashboard asks for: the last <see cref="Days"/> operator-zone days (today included), optionally one account and/or app.</summary>
public sealed record DashboardQuery(int Days = 7, string? Account = null, string? App = null)
{
    public static readonly IReadOnlyList<int> Ranges = [7, 30, 90];
}

/// <summary>Everything the dashboard shows, computed at one instant.</summary>
public sealed record DashboardSnapshot(
    DashboardCards Cards,
    IReadOnlyList<DashboardDay> Trend,
    IReadOnlyList<DashboardRanking> Apps,
    IReadOnlyList<DashboardRanking> Accounts,
    IReadOnlyList<FailureMessageCount> TopFailures,
    DateOnly FirstDay,
    DateOnly Today,
    DateTime FromUtc,
    DateTime ToUtc);

/// <summary>
/// The cards. Success rates are completed ÷ all runs (stopped, timed-out and lost runs count against it), null without
/// runs (there is no rate to show, not a rate of 0). Average duration (null without runs) and items processed (sum of
/// <c>total_items</c>) cover the whole range.
/// </summary>
public sealed record DashboardCards(
    int RunsToday,
    double? SuccessRateToday,
    double? SuccessRateYesterday,
    double? AverageDurationSeconds,
    long ItemsProcessed,
    int RobotsOnline,
    int RobotsTotal,
    int TasksRunning,
    int FailuresLastHour)
{
    /// <summary>Today's success rate minus yesterday's, in percentage points ÷ 100; null when either day had no runs.</summary>
    public double? SuccessRateChange => SuccessRateToday - SuccessRateYesterday;
}

/// <summary>One operator-zone day of the trend; <see cref="Other"/> is stopped, timed-out and lost runs.</summary>
public sealed record DashboardDay(DateOnly Day, int Completed, int Failed, int Other, DateTime FromUtc, DateTime ToUtc);

/// <summary>
/// One app or account over the range. <see cref="P95Seconds"/> comes from the roll-up's duration histogram: never below
/// the exact nearest-rank p95 and less than 19% above it (see <see cref="DurationHistogram"/>).
/// </summary>
public sealed record DashboardRanking(string Name, int Runs, int Completed, int Failed, double SuccessRate, double AverageSeconds, double P95Seconds);

public sealed record FailureMessageCount(string Message, int Count);
