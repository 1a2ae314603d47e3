using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Time;

namespace RpaWorkbench.Web.Features.Executions;

/// <summary>
/// The execution-log filter as query-string values, shared by the logs page's address, its CSV export and the
/// dashboard's links, so a bookmarked view and its download show the same rows:
/// <c>account</c>, <c>app</c>, <c>status</c> (completed, failed, stopped, timed_out, lost), <c>q</c> (free text), and
/// <c>from</c> / <c>to</c> in the operators' time zone — a date (<c>2026-11-25</c>; <c>to</c> then includes that whole
/// day) or a date and time (<c>2026-11-25T08:30</c>, <c>2026-11-25 08:30:00</c>; <c>to</c> exclusive), or an ISO-8601
/// instant with an offset (<c>2026-11-25T00:30:00Z</c>).
/// </summary>
public static class LogFilterQuery
{
    public const string AccountField = "account";
    public const string AppField = "app";
    public const string StatusField = "status";
    public const string FromField = "from";
    public const string ToField = "to";
    public const string TextField = "q";

    public const string DateFormat = "yyyy-MM-dd";
    public const string DateTimeFormat = "yyyy-MM-dd'T'HH:mm:ss";

    private static readonly string[] LocalFormats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss"];

    /// <summary>The filter for these values; each bad value is refused naming its field.</summary>
    /// <exception cref="ValidationFailedException">A status, time or range that cannot be read.</exception>
    public static ExecutionLogFilter Parse(
        OperatorTime time, string? account, string? app, string? status, string? from, string? to, string? text)
    {
        var errors = new List<FieldError>();
        var filter = new ExecutionLogFilter
        {
            Account = Blank(account),
            App = Blank(app),
            Status = ParseStatus(status, errors),
            FromUtc = ParseTime(time, FromField, from, endOfDay: false, errors),
            ToUtc = ParseTime(time, ToField, to, endOfDay: true, errors),
            Text = Blank(text),
        };
        // A date 'to' includes its day: from=2026-11-26&to=2026-11-25 ends where it starts, an empty range.
        if (filter.FromUtc >= filter.ToUtc)
        {
            errors.Add(new FieldError(ToField, ErrorCodes.EndBeforeStart, "'to' must be after 'from'."));
        }

        return errors.Count > 0 ? throw new ValidationFailedException(errors) : filter;
    }

    /// <summary>
    /// The filter as query-string values (times as wall-clock <c>yyyy-MM-ddTHH:mm:ss</c> in the operators' zone); empty
    /// filters are left out (null removes them from a URI).
    /// </summary>
    public static Dictionary<string, object?> ToParameters(ExecutionLogFilter filter, OperatorTime time) => new()
    {
        [AccountField] = filter.Account,
        [AppField] = filter.App,
        [StatusField] = filter.Status is { } status ? ContractName.Of(status) : null,
        [FromField] = Format(filter.FromUtc, time),
        [ToField] = Format(filter.ToUtc, time),
        [TextField] = filter.Text,
    };

    private static string? Format(DateTime? utc, OperatorTime time) =>
        utc is { } instant ? time.ToOperator(instant).ToString(DateTimeFormat, CultureInfo.InvariantCulture) : null;

    private static ExecutionStatus? ParseStatus(string? value, List<FieldError> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var name = value.Trim().ToLowerInvariant();
        if (ContractName.TryParse<ExecutionStatus>(name, out var status))
        {
            return status;
        }

        errors.Add(new FieldError(StatusField, ErrorCodes.InvalidValue,
            $"status must be one of: {string.Join(", ", Enum.GetValues<ExecutionStatus>().Select(s => ContractName.Of(s)))}."));
        return null;
    }

    private static DateTime? ParseTime(OperatorTime time, string field, string? value, bool endOfDay, List<FieldError> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var text = value.Trim();
        if (DateOnly.TryParseExact(text, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return LocalToUtc(time, field, (endOfDay ? date.AddDays(1) : date).ToDateTime(TimeOnly.MinValue), errors);
        }

        if (DateTime.TryParseExact(text, LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return LocalToUtc(time, field, local, errors);
        }

        // An unencoded '+' in a query string arrives as a space: "…T00:30:00 08:00" meant "…T00:30:00+08:00".
        if (text.Length > 19 && text[^6] == ' ' && text[^3] == ':')
        {
            text = string.Concat(text.AsSpan(0, text.Length - 6), "+", text.AsSpan(text.Length - 5));
        }

        if (text.Length > 19 && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant)
            && (text.EndsWith('Z') || text.EndsWith('z') || text[^6] is '+' or '-'))
        {
            return instant.UtcDateTime;
        }

        errors.Add(new FieldError(field, ErrorCodes.InvalidTime,
            $"Expected a date (2026-11-25), a date and time in the operators' time zone (2026-11-25T08:30) or an ISO-8601 time with an offset."));
        return null;
    }

    private static DateTime? LocalToUtc(OperatorTime time, string field, DateTime local, List<FieldError> errors)
    {
        if (!time.Zone.IsInvalidTime(local))
        {
            return time.ToUtc(local);
        }

        errors.Add(new FieldError(field, ErrorCodes.InvalidTime, "This wall-clock time does not exist in the operators' time zone (a daylight-saving gap)."));
        return null;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
