using Cronos;

namespace RpaWorkbench.Core.Tasks;

/// <summary>
/// Cron schedules as tasks use them: standard 5-field expressions (minute hour day month weekday), evaluated in the
/// operators' time zone. Pure functions, shared by the task dialog's preview, the tasks list and the scheduler.
/// </summary>
public static class TaskSchedule
{
    /// <summary>The parsed expression, or null when it is not a valid 5-field cron expression (6 fields with seconds are refused).</summary>
    public static CronExpression? Parse(string? expression) =>
        !string.IsNullOrWhiteSpace(expression) && CronExpression.TryParse(expression.Trim(), CronFormat.Standard, out var cron) ? cron : null;

    /// <summary>
    /// The next <paramref name="count"/> fire times (UTC) strictly after <paramref name="fromUtc"/>, read as wall-clock
    /// times in <paramref name="zone"/>: "0 9 * * *" is 09:00 there. Across a DST change Cronos moves a wall time that
    /// does not exist to the moment the clocks jump, and fires an ambiguous one once.
    /// </summary>
    public static IReadOnlyList<DateTime> NextOccurrences(CronExpression cron, DateTime fromUtc, TimeZoneInfo zone, int count)
    {
        var occurrences = new List<DateTime>(Math.Max(count, 0));
        var from = Utc(fromUtc);
        while (occurrences.Count < count && cron.GetNextOccurrence(from, zone) is { } next)
        {
            occurrences.Add(next);
            from = next;
        }

        return occurrences;
    }

    /// <summary>The same for an expression given as text; empty when it does not parse.</summary>
    public static IReadOnlyList<DateTime> NextOccurrences(string? expression, DateTime fromUtc, TimeZoneInfo zone, int count) =>
        Parse(expression) is { } cron ? NextOccurrences(cron, fromUtc, zone, count) : [];

    /// <summary>The first fire of the trigger time or the cron strictly after <paramref name="afterUtc"/>; null when neither fires again.</summary>
    /// <exception cref="CronFormatException"><paramref name="cron"/> is not a 5-field cron expression.</exception>
    public static DateTime? NextFire(DateTime? triggerTime, string? cron, DateTime afterUtc, TimeZoneInfo zone)
    {
        var after = Utc(afterUtc);
        DateTime? trigger = triggerTime is { } t && Utc(t) > after ? Utc(t) : null;
        DateTime? recurring = !string.IsNullOrWhiteSpace(cron)
            && NextOccurrences(CronExpression.Parse(cron.Trim(), CronFormat.Standard), after, zone, 1) is [var next] ? next : null;
        return (trigger, recurring) switch
        {
            ({ } a, { } b) => a < b ? a : b,
            _ => trigger ?? recurring,
        };
    }

    // A time read back from SQLite has no kind; every stored time is UTC.
    private static DateTime Utc(DateTime time) => DateTime.SpecifyKind(time, DateTimeKind.Utc);
}
