using RpaWorkbench.Core.Data;

namespace RpaWorkbench.Web.Features.Mcp;

/// <summary>
/// Reads tool arguments the way the Core reads input: every bad one is named (by the argument's name) in one
/// <see cref="ValidationFailedException"/>, so the caller can fix all of them at once.
/// </summary>
internal sealed class McpArguments
{
    private readonly List<FieldError> _errors = [];

    /// <summary>A snake_case enum value (<c>timed_out</c>), or null when the argument is absent.</summary>
    public TEnum? Enum<TEnum>(string name, string? value) where TEnum : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var names = System.Enum.GetValues<TEnum>().ToDictionary(ContractName.Of, v => v, StringComparer.OrdinalIgnoreCase);
        if (names.TryGetValue(value.Trim(), out var parsed))
        {
            return parsed;
        }

        return Invalid<TEnum?>(name, ErrorCodes.InvalidValue, $"'{value}' is not one of {string.Join(", ", names.Keys)}.");
    }

    /// <summary>An ISO-8601 instant (<c>2026-12-01T00:00:00Z</c>; without an offset it is read as UTC), or null when absent.</summary>
    public DateTime? Instant(string name, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return DateTimeOffset.TryParse(value.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant)
            ? instant.UtcDateTime
            : Invalid<DateTime?>(name, ErrorCodes.InvalidTime, $"'{value}' is not an ISO-8601 time such as 2026-12-01T08:00:00Z.");
    }

    /// <summary>Checks that <paramref name="value"/> lies in <paramref name="min"/>…<paramref name="max"/>.</summary>
    public int InRange(string name, int value, int min, int max) => value >= min && value <= max
        ? value
        : Invalid<int>(name, ErrorCodes.OutOfRange, $"Must be between {min} and {max}; was {value}.");

    /// <summary>Checks that a window does not end before it starts.</summary>
    public void Ordered(DateTime? from, DateTime? to)
    {
        if (from > to)
        {
            _errors.Add(new FieldError("to", ErrorCodes.EndBeforeStart, "Must not be before 'from'."));
        }
    }

    /// <summary>A refusal of one argument, found by the tool itself (e.g. an id that names nothing).</summary>
    public static ValidationFailedException Refusal(string name, string code, string message) => new([new FieldError(name, code, message)]);

    /// <summary>Refuses the call when any argument was bad.</summary>
    public void ThrowIfInvalid()
    {
        if (_errors.Count > 0)
        {
            throw new ValidationFailedException(_errors);
        }
    }

    private T Invalid<T>(string name, string code, string message)
    {
        _errors.Add(new FieldError(name, code, message));
        return default!;
    }
}
