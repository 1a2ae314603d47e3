using RpaWorkbench.Core.Executions;

namespace RpaWorkbench.Core.Dashboard;

/// <summary>Runs summed in memory per operator-zone day × account × app, before they are added to the roll-up table.</summary>
internal sealed class RollupTotals(TimeZoneInfo zone)
{
    private readonly Dictionary<(DateOnly Day, string Account, string App), (DailyRollup Row, DurationHistogram Histogram)> _rows = [];

    /// <summary>The sums so far, one row per day × account × app, histograms serialized.</summary>
    public IEnumerable<DailyRollup> Rows => _rows.Values.Select(entry =>
    {
        entry.Row.Histogram = entry.Histogram.ToBlob();
        return entry.Row;
    });

    public static DateOnly DayOf(DateTime startUtc, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(startUtc, DateTimeKind.Utc), zone));

    public void Add(DateTime startUtc, string account, string app, ExecutionStatus status, double durationSeconds, long items)
    {
        var key = (DayOf(startUtc, zone), account, app);
        if (!_rows.TryGetValue(key, out var entry))
        {
            entry = (new DailyRollup { Day = key.Item1, ShadowBotAccount = account, AppName = app, Histogram = [] }, new DurationHistogram());
            _rows[key] = entry;
        }

        entry.Row.Runs++;
        entry.Row.Completed += status == ExecutionStatus.Completed ? 1 : 0;
        entry.Row.Failed += status == ExecutionStatus.Failed ? 1 : 0;
        entry.Row.DurationSeconds += durationSeconds;
        entry.Row.Items += items;
        entry.Histogram.Add(durationSeconds);
    }
}
