using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Core.Time;

namespace RpaWorkbench.Core.Dashboard;

/// <summary>
/// The performance dashboard: cards, trend and rankings from the daily roll-up (a few thousand rows however many logs),
/// top failure messages from the failure roll-up, failures of the last hour from the logs through their (status, start
/// time) index. Any signed-in role may read.
/// </summary>
public sealed class DashboardService(
    IDbContextFactory<WorkbenchDbContext> contexts,
    TimeProvider clock,
    OperatorTime time,
    IOptions<AccountOptions> accountOptions,
    ICurrentUser user)
{
    public const int TopFailureCount = 10;
    private const double RankPercentile = 0.95;

    public async Task<DashboardSnapshot> GetAsync(DashboardQuery query, CancellationToken cancellationToken)
    {
        user.RequireRead();
        if (!DashboardQuery.Ranges.Contains(query.Days))
        {
            throw new ValidationFailedException([new FieldError("days", ErrorCodes.InvalidValue, $"Choose one of {string.Join(", ", DashboardQuery.Ranges)} days.")]);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var today = RollupTotals.DayOf(now, time.Zone);
        var firstDay = today.AddDays(1 - query.Days);
        var account = Trimmed(query.Account);
        var app = Trimmed(query.App);

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.DailyRollups.AsNoTracking().Within(firstDay, today, account, app).ToListAsync(cancellationToken);
        var filter = new ExecutionLogFilter { Account = account, App = app, FromUtc = StartOf(firstDay), ToUtc = StartOf(today.AddDays(1)) };

        var onlineSince = accountOptions.Value.OnlineSince(now);
        var cards = new DashboardCards(
            RunsToday: rows.Where(r => r.Day == today).Sum(r => r.Runs),
            SuccessRateToday: SuccessRate(rows.Where(r => r.Day == today)),
            SuccessRateYesterday: SuccessRate(rows.Where(r => r.Day == today.AddDays(-1))),
            AverageDurationSeconds: Average(rows),
            ItemsProcessed: rows.Sum(r => r.Items),
            RobotsOnline: await Accounts(db, account).CountAsync(a => a.LastHeartbeatAt >= onlineSince, cancellationToken),
            RobotsTotal: await Accounts(db, account).CountAsync(cancellationToken),
            TasksRunning: await RunningTasks(db, account, app).CountAsync(cancellationToken),
            FailuresLastHour: await Failures(db, filter with { FromUtc = now.AddHours(-1), ToUtc = null }).CountAsync(cancellationToken));

        return new DashboardSnapshot(
            cards,
            Trend(rows, firstDay, today),
            Rank(rows, r => r.AppName),
            Rank(rows, r => r.ShadowBotAccount),
            await TopFailuresAsync(db, firstDay, today, account, app, cancellationToken),
            firstDay,
            today,
            filter.FromUtc!.Value,
            filter.ToUtc!.Value);
    }

    private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private DateTime StartOf(DateOnly day) => time.ToUtc(day.ToDateTime(TimeOnly.MinValue));

    private static IQueryable<Account> Accounts(WorkbenchDbContext db, string? account) =>
        account is null ? db.Accounts.AsNoTracking() : db.Accounts.AsNoTracking().Where(a => a.ShadowBotAccount == account);

    private static IQueryable<RobotTask> RunningTasks(WorkbenchDbContext db, string? account, string? app)
    {
        var tasks = db.Tasks.AsNoTracking().Where(t => t.Status != RobotTaskStatus.Pending);
        if (account is not null)
        {
            tasks = tasks.Where(t => t.Account!.ShadowBotAccount == account);
        }

        return app is null ? tasks : tasks.Where(t => t.AppName == app);
    }

    // Failed, timed-out and lost runs (not force-stopped ones) that started in the filter's window.
    private static IQueryable<ExecutionLog> Failures(WorkbenchDbContext db, ExecutionLogFilter filter) =>
        filter.Apply(db.ExecutionLogs.AsNoTracking()).Where(l => FailureRollup.CountedStatuses.Contains(l.Status));

    // The same runs as Failures over the range's days (with a message), counted per message from the failure roll-up.
    private static async Task<IReadOnlyList<FailureMessageCount>> TopFailuresAsync(
        WorkbenchDbContext db, DateOnly firstDay, DateOnly today, string? account, string? app, CancellationToken cancellationToken)
    {
        var counts = db.FailureRollups.AsNoTracking().Within(firstDay, today, account, app)
            .GroupBy(r => r.MessageHash)
            .Select(g => new { MessageHash = g.Key, Count = g.Sum(r => r.Count) });
        var top = await counts
            .Join(db.FailureMessages.AsNoTracking(), c => c.MessageHash, m => m.MessageHash, (c, m) => new { m.Message, c.Count })
            .OrderByDescending(f => f.Count)
            .ThenBy(f => f.Message)
            .Take(TopFailureCount)
            .ToListAsync(cancellationToken);
        return [.. top.Select(f => new FailureMessageCount(f.Message, f.Count))];
    }

    private List<DashboardDay> Trend(List<DailyRollup> rows, DateOnly firstDay, DateOnly today)
    {
        var byDay = rows.GroupBy(r => r.Day).ToDictionary(g => g.Key, g => g.ToList());
        var days = new List<DashboardDay>();
        for (var day = firstDay; day <= today; day = day.AddDays(1))
        {
            var dayRows = byDay.GetValueOrDefault(day) ?? [];
            int completed = dayRows.Sum(r => r.Completed), failed = dayRows.Sum(r => r.Failed);
            days.Add(new DashboardDay(day, completed, failed, dayRows.Sum(r => r.Runs) - completed - failed, StartOf(day), StartOf(day.AddDays(1))));
        }

        return days;
    }

    // Slowest first (by average, then p95).
    private static List<DashboardRanking> Rank(List<DailyRollup> rows, Func<DailyRollup, string> name) =>
        rows.GroupBy(name, StringComparer.Ordinal)
            .Select(g =>
            {
                var histogram = new DurationHistogram();
                foreach (var row in g)
                {
                    histogram.Add(DurationHistogram.FromBlob(row.Histogram));
                }

                return new DashboardRanking(g.Key, g.Sum(r => r.Runs), g.Sum(r => r.Completed), g.Sum(r => r.Failed),
                    SuccessRate(g) ?? 0, Average(g) ?? 0, histogram.Percentile(RankPercentile));
            })
            .OrderByDescending(r => r.AverageSeconds)
            .ThenByDescending(r => r.P95Seconds)
            .ThenBy(r => r.Name, StringComparer.Ordinal)
            .ToList();

    // Null without runs: a rate or an average of nothing is not 0.
    private static double? SuccessRate(IEnumerable<DailyRollup> rows)
    {
        var list = rows as ICollection<DailyRollup> ?? rows.ToList();
        var runs = list.Sum(r => r.Runs);
        return runs == 0 ? null : (double)list.Sum(r => r.Completed) / runs;
    }

    private static double? Average(IEnumerable<DailyRollup> rows)
    {
        var list = rows as ICollection<DailyRollup> ?? rows.ToList();
        var runs = list.Sum(r => r.Runs);
        return runs == 0 ? null : list.Sum(r => r.DurationSeconds) / runs;
    }
}
