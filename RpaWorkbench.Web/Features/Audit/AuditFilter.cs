using RpaWorkbench.Core.Audit;

namespace RpaWorkbench.Web.Features.Audit;

/// <summary>
/// The audit filter as query-string values (<c>from</c>, <c>to</c> as <c>yyyy-MM-dd</c> in the operators' time zone;
/// <c>actor</c>, <c>action</c>, <c>target_type</c>, <c>target</c>), shared by the audit page's address and the CSV
/// export, so a bookmarked page and its download show the same entries.
/// </summary>
public static class AuditFilter
{
    public const string DateFormat = "yyyy-MM-dd";

    /// <summary>The query for these values; a date that is not <c>yyyy-MM-dd</c> is refused naming its field.</summary>
    public static AuditQuery Parse(string? from, string? to, string? actor, string? action, string? targetType, string? target)
    {
        var errors = new List<FieldError>();
        var query = new AuditQuery
        {
            From = ParseDate(AuditQuery.FromField, from, errors),
            To = ParseDate(AuditQuery.ToField, to, errors),
            Actor = Blank(actor),
            Action = Blank(action),
            TargetType = Blank(targetType),
            Target = Blank(target),
        };
        return errors.Count > 0 ? throw new ValidationFailedException(errors) : query;
    }

    /// <summary>The query as query-string values; empty filters are left out (null removes them from a URI).</summary>
    public static Dictionary<string, object?> ToParameters(AuditQuery query) => new()
    {
        [AuditQuery.FromField] = query.From?.ToString(DateFormat, CultureInfo.InvariantCulture),
        [AuditQuery.ToField] = query.To?.ToString(DateFormat, CultureInfo.InvariantCulture),
        [AuditQuery.ActorField] = query.Actor,
        [AuditQuery.ActionField] = query.Action,
        [AuditQuery.TargetTypeField] = query.TargetType,
        [AuditQuery.TargetField] = query.Target,
    };

    private static DateOnly? ParseDate(string field, string? value, List<FieldError> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (DateOnly.TryParseExact(value.Trim(), DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        errors.Add(new FieldError(field, ErrorCodes.InvalidTime, $"Expected a date as {DateFormat}, e.g. 2026-11-25."));
        return null;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
