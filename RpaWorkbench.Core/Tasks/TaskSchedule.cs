using Cronos;

namespace RpaWorkbench.Core.Tasks;

/// <summary>
/// When a task's schedule fires: its one-shot trigger time, and its 5-field cron read as wall-clock time in the
/// operator's zone (Cronos: a time skipped by a DST change fires when the clock jumps, a repeated one fires once).
/// Times in and out are UTC; a time read back from SQLite (kind unspecified) is taken as UTC.
/// </summary>
public static class TaskSchedule
{
    /// <summary>The next <paramref name="count"/> fire times of <paramref name="cron"/> strictly after <paramref name="fromUtc"/>.</summary>
    /// <exception cref="CronFormatException"><paramref name="cron"/> is not a 5-field cron expression.</exception>
    public static IReadOnlyList<DateTime> NextFireTimes(string cron, DateTime fromUtc, TimeZoneInfo zone, int count)
    {
        var expression = CronExpression.Parse(cron, CronFormat.Standard);
        var times = new List<DateTime>(count);
        for (var from = Utc(fromUtc); times.Count < count && expression.GetNextOccurrence(from, zone) is { } next; from = next)
        {
            times.Add(next);
        }

        return times;
    }

    /// <summary>The first fire of the trigger time or the cron strictly after <paramref name="afterUtc"/>; null when neither fires again.</summary>
    /// <exception cref="CronFormatException"><paramref name="cron"/> is not a 5-field cron expression.</exception>
    public static DateTime? NextFire(DateTime? triggerTime, string? cron, DateTime afterUtc, TimeZoneInfo zone)
    {
        DateTime? trigger = triggerTime is { } t && Utc(t) > Utc(afterUtc) ? Utc(t) : null;
        DateTime? recurring = !string.IsNullOrWhiteSpace(cron) && NextFireTimes(cron, afterUtc, zone, 1) is [var next] ? next : null;
        return (trigger, recurring) switch
        {
            ({ } a, { } b) => a < b ? a : b,
            _ => trigger ?? recurring,
        };
    }

    private static DateTime Utc(DateTime time) => DateTime.SpecifyKind(time, DateTimeKind.Utc);
}
