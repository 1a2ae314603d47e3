namespace RpaWorkbench.Core.Alerts.Management;

/// <summary>Quiet hours are written <c>"HH:mm"</c> (24-hour), the way operators write them, not as <c>"HH:mm:ss"</c>.</summary>
public static class HourMinute
{
    public const string Format = "HH:mm";

    /// <summary>The time written as <c>HH:mm</c>, or null when the text is not one.</summary>
    public static TimeOnly? Parse(string? text) =>
        TimeOnly.TryParseExact(text?.Trim(), Format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time : null;

    /// <summary><c>HH:mm</c>, or null for no time.</summary>
    public static string? Text(TimeOnly? time) => time?.ToString(Format, CultureInfo.InvariantCulture);
}
