namespace RpaWorkbench.Core.Alerts;

/// <summary>
/// A rule's quiet hours: wall-clock times in the operators' zone, from (inclusive) to (exclusive), wrapping midnight
/// when from is later than to (22:00–07:00). Equal or missing ends mean none.
/// </summary>
public static class QuietHours
{
    /// <summary>When the quiet hours that hold at <paramref name="utcNow"/> end (UTC), or null when they do not hold.</summary>
    public static DateTime? EndIfQuiet(TimeOnly? from, TimeOnly? to, DateTime utcNow, TimeZoneInfo zone)
    {
        if (from is not { } start || to is not { } end || start == end)
        {
            return null;
        }

        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utcNow, DateTimeKind.Utc), zone);
        var time = TimeOnly.FromDateTime(local);
        var quiet = start < end ? time >= start && time < end : time >= start || time < end;
        if (!quiet)
        {
            return null;
        }

        var endDay = time < end ? local.Date : local.Date.AddDays(1);
        var endLocal = endDay.Add(end.ToTimeSpan());
        // A wall-clock end that does not exist (a DST gap) is taken an hour later.
        if (zone.IsInvalidTime(endLocal))
        {
            endLocal = endLocal.AddHours(1);
        }

        return TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(endLocal, DateTimeKind.Unspecified), zone);
    }
}
