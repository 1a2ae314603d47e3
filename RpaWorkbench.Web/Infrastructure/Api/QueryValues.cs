using RpaWorkbench.Core.Data;

namespace RpaWorkbench.Web.Infrastructure.Api;

/// <summary>
/// Typed query-string values for the REST lists, read by hand so a bad value is refused naming its field (model
/// binding would answer a bare 400). Each reader adds to <c>errors</c> and returns the default when the value is bad.
/// </summary>
public static class QueryValues
{
    public static string? Text(HttpRequest request, string field) =>
        request.Query[field].LastOrDefault() is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    public static int Number(HttpRequest request, string field, int fallback, int min, int max, List<FieldError> errors)
    {
        if (Text(request, field) is not { } text)
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        errors.Add(new FieldError(field, ErrorCodes.OutOfRange, $"'{field}' must be a whole number from {min} to {max}.", max));
        return fallback;
    }

    public static bool? Bool(HttpRequest request, string field, List<FieldError> errors)
    {
        if (Text(request, field) is not { } text)
        {
            return null;
        }

        if (bool.TryParse(text, out var value))
        {
            return value;
        }

        errors.Add(new FieldError(field, ErrorCodes.WrongType, $"'{field}' must be true or false."));
        return null;
    }

    /// <summary>A snake_case enum name (<c>timed_out</c>), as the API writes enums.</summary>
    public static TEnum? Enum<TEnum>(HttpRequest request, string field, List<FieldError> errors) where TEnum : struct, Enum =>
        Enum<TEnum>(Text(request, field), field, errors);

    /// <summary>A snake_case enum name sent as <paramref name="field"/> (a query value or a body field); null when not sent.</summary>
    public static TEnum? Enum<TEnum>(string? text, string field, List<FieldError> errors) where TEnum : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (ContractName.TryParse<TEnum>(text.ToLowerInvariant(), out var value))
        {
            return value;
        }

        var allowed = string.Join(", ", System.Enum.GetValues<TEnum>().Select(v => ContractName.Of(v)));
        errors.Add(new FieldError(field, ErrorCodes.InvalidValue, $"'{field}' must be one of: {allowed}."));
        return null;
    }

    /// <summary>An id (a positive whole number), or null when absent.</summary>
    public static long? Id(HttpRequest request, string field, List<FieldError> errors)
    {
        if (Text(request, field) is not { } text)
        {
            return null;
        }

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0)
        {
            return value;
        }

        errors.Add(new FieldError(field, ErrorCodes.WrongType, $"'{field}' must be an id (a positive whole number)."));
        return null;
    }

    /// <summary>An ISO 8601 time (<c>2026-12-07T08:00:00Z</c>; without an offset it is read as UTC), as UTC; null when absent.</summary>
    public static DateTime? Instant(HttpRequest request, string field, List<FieldError> errors)
    {
        if (Text(request, field) is not { } text)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
        {
            return instant.UtcDateTime;
        }

        errors.Add(new FieldError(field, ErrorCodes.InvalidTime, $"'{text}' is not an ISO-8601 time such as 2026-12-01T08:00:00Z."));
        return null;
    }

    /// <summary>Throws when any value was refused, naming every one.</summary>
    public static void ThrowIfAny(List<FieldError> errors)
    {
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }
    }
}
