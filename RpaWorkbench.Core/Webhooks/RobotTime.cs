using System.Text.RegularExpressions;

namespace RpaWorkbench.Core.Webhooks;

/// <summary>Reads robots' times: <c>yyyy-MM-dd HH:mm:ss</c> in the robots' zone, or ISO-8601 with an offset.</summary>
public sealed partial class RobotTime(IOptions<WebhookOptions> options)
{
    private static readonly string[] LocalFormats =
    [
        "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
    ];

    private static readonly string[] OffsetFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mm:ssK", "yyyy-MM-dd HH:mm:ss.FFFFFFFK",
    ];

    private static readonly DateTime Earliest = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Latest = new(2100, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.RobotTimeZone);

    /// <summary>The UTC instant, or null when the text is not one of the accepted forms (or outside 2000–2099).</summary>
    public DateTime? ToUtc(string text)
    {
        var value = text.Trim();
        DateTime? utc = null;
        if (ExplicitOffset().IsMatch(value)
            && DateTimeOffset.TryParseExact(value, OffsetFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset))
        {
            utc = withOffset.UtcDateTime;
        }
        else if (DateTime.TryParseExact(value, LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
                 && !_zone.IsInvalidTime(local))
        {
            utc = TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), _zone);
        }

        return utc is { } instant && instant >= Earliest && instant < Latest ? instant : null;
    }

    // "K" alone also accepts a time without any offset, which must be read in the robots' zone instead.
    [GeneratedRegex(@"(Z|[+-]\d{2}:?\d{2})$", RegexOptions.IgnoreCase)]
    private static partial Regex ExplicitOffset();
}
