using Microsoft.AspNetCore.WebUtilities;
using RpaWorkbench.Core.Data;

namespace RpaWorkbench.Web.Components.Lists;

/// <summary>
/// A page address's query string read as filter values: blank is absent, enums by their contract names
/// (<c>timed_out</c>), flags as <c>true</c>/<c>false</c>. A value that cannot be read is collected naming its field.
/// </summary>
public sealed class QueryValues(string uri)
{
    private readonly Dictionary<string, Microsoft.Extensions.Primitives.StringValues> _values = QueryHelpers.ParseQuery(new Uri(uri).Query);
    private readonly List<FieldError> _errors = [];

    /// <summary>The raw value of <paramref name="field"/> (the first when repeated), or null.</summary>
    public string? this[string field] => _values.TryGetValue(field, out var values) && values.Count > 0 ? values[0] : null;

    /// <summary>The trimmed text, or null when blank.</summary>
    public string? Text(string field) => this[field] is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    public TEnum? Enum<TEnum>(string field) where TEnum : struct, Enum
    {
        if (Text(field) is not { } name)
        {
            return null;
        }

        var names = System.Enum.GetValues<TEnum>().Select(v => ContractName.Of(v)).ToList();
        if (names.Contains(name.ToLowerInvariant()))
        {
            return ContractName.Parse<TEnum>(name.ToLowerInvariant());
        }

        _errors.Add(new FieldError(field, ErrorCodes.InvalidValue, $"{field} must be one of: {string.Join(", ", names)}."));
        return null;
    }

    /// <summary>A record's id: a positive whole number.</summary>
    public long? Id(string field)
    {
        if (Text(field) is not { } value)
        {
            return null;
        }

        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0)
        {
            return id;
        }

        _errors.Add(new FieldError(field, ErrorCodes.InvalidValue, $"{field} must be a positive whole number."));
        return null;
    }

    public bool? Flag(string field)
    {
        if (Text(field) is not { } value)
        {
            return null;
        }

        if (bool.TryParse(value, out var flag))
        {
            return flag;
        }

        _errors.Add(new FieldError(field, ErrorCodes.InvalidValue, $"{field} must be true or false."));
        return null;
    }

    /// <summary>Throws the values that could not be read, each naming its field.</summary>
    /// <exception cref="ValidationFailedException">Some value could not be read.</exception>
    public void ThrowIfInvalid()
    {
        if (_errors.Count > 0)
        {
            throw new ValidationFailedException(_errors);
        }
    }

    /// <summary>A flag as the address writes it.</summary>
    public static string? Of(bool? flag) => flag is { } value ? (value ? "true" : "false") : null;

    /// <summary>An enum as the address writes it.</summary>
    public static string? Of<TEnum>(TEnum? value) where TEnum : struct, Enum => value is { } v ? ContractName.Of(v) : null;
}
