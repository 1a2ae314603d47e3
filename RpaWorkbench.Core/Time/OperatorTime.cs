namespace RpaWorkbench.Core.Time;

/// <summary>Converts stored UTC times to and from the operators' configured time zone.</summary>
public sealed class OperatorTime(IOptions<TimeZoneOptions> options)
{
    public const string DisplayFormat = "yyyy-MM-dd HH:mm:ss";

    public TimeZoneInfo Zone { get; } = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);

    /// <summary>The wall-clock time in the operators' zone for a UTC instant.</summary>
    public DateTime ToOperator(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    /// <summary>The UTC instant for a wall-clock time typed in the operators' zone.</summary>
    public DateTime ToUtc(DateTime operatorLocal) =>
        TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(operatorLocal, DateTimeKind.Unspecified), Zone);

    /// <summary><c>yyyy-MM-dd HH:mm:ss</c> in the operators' zone, or empty for no time.</summary>
    public string Format(DateTime? utc) =>
        utc is null ? "" : ToOperator(utc.Value).ToString(DisplayFormat, CultureInfo.InvariantCulture);

    /// <summary>"UTC+08:00" style offset label of the zone at the given instant.</summary>
    public string OffsetLabel(DateTime utc)
    {
        var offset = Zone.GetUtcOffset(utc);
        var sign = offset < TimeSpan.Zero ? "-" : "+";
        return $"UTC{sign}{offset:hh\\:mm}";
    }
}
