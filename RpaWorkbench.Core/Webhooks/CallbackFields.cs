using System.Text.Json;

namespace RpaWorkbench.Core.Webhooks;

/// <summary>
/// Reads the fields of one JSON callback and collects an error per bad field, named as the caller spelled it
/// (<c>result_summary.total_items</c> for nested ones). A JSON null counts as "not sent".
/// </summary>
internal sealed class CallbackFields(JsonElement element, RobotTime time, List<FieldError>? errors = null, string prefix = "")
{
    public List<FieldError> Errors { get; } = errors ?? [];

    public string? RequiredString(string name, int maxLength) => String(name, maxLength, required: true);

    public string? OptionalString(string name, int maxLength) => String(name, maxLength, required: false);

    /// <summary>An identifier sent as a string or as a JSON integer; blank counts as not sent.</summary>
    public string? OptionalIdentifier(string name, int maxLength)
    {
        if (TryGet(name, out var value) && value.ValueKind == JsonValueKind.Number)
        {
            var digits = value.GetRawText();
            return digits.Length > maxLength ? Fail<string?>(name, ErrorCodes.TooLong, $"must be at most {maxLength} characters") : digits;
        }

        var text = String(name, maxLength, required: false);
        return string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }

    /// <summary>A whole number (a JSON integer, or a string of digits as Python clients sometimes send) in range.</summary>
    public long? OptionalInteger(string name, long min, long max)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }

        long? number = value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt64(out var n) => n,
            JsonValueKind.Number when value.TryGetDouble(out var d) && d == Math.Floor(d) && Math.Abs(d) < 1e15 => (long)d,
            JsonValueKind.String when long.TryParse(value.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var s) => s,
            _ => null,
        };
        if (number is null)
        {
            return Fail<long?>(name, ErrorCodes.WrongType, "must be a whole number");
        }

        return number < min || number > max
            ? Fail<long?>(name, ErrorCodes.OutOfRange, $"must be between {min} and {max}")
            : number;
    }

    /// <summary>A number ≥ <paramref name="min"/> (JSON number or numeric string).</summary>
    public double? OptionalNumber(string name, double min)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }

        double? number = value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetDouble(out var d) => d,
            JsonValueKind.String when double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) => s,
            _ => null,
        };
        if (number is null || !double.IsFinite(number.Value))
        {
            return Fail<double?>(name, ErrorCodes.WrongType, "must be a number");
        }

        return number < min ? Fail<double?>(name, ErrorCodes.OutOfRange, $"must not be less than {min}") : number;
    }

    /// <summary>true/false (also "true"/"false" as strings); false when not sent.</summary>
    public bool OptionalBool(string name)
    {
        if (!TryGet(name, out var value))
        {
            return false;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String when bool.TryParse(value.GetString(), out var b) => b,
            _ => Fail<bool>(name, ErrorCodes.WrongType, "must be true or false"),
        };
    }

    /// <summary>A time as robots send it, converted to UTC.</summary>
    public DateTime? Time(string name, bool required)
    {
        var text = String(name, 64, required);
        if (text is null)
        {
            return null;
        }

        return time.ToUtc(text) ?? Fail<DateTime?>(name, ErrorCodes.InvalidTime, "must be 'yyyy-MM-dd HH:mm:ss' or ISO-8601 with an offset, e.g. 2026-01-27T10:00:00+08:00");
    }

    /// <summary>A time as <see cref="Time"/> reads it, or a JSON number of epoch milliseconds (ShadowBot's task times).</summary>
    public DateTime? TimeOrEpochMilliseconds(string name)
    {
        if (!TryGet(name, out var value) || value.ValueKind != JsonValueKind.Number)
        {
            return Time(name, required: false);
        }

        return value.TryGetInt64(out var ms) && ms is >= 946_684_800_000 and < 4_102_444_800_000
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime
            : Fail<DateTime?>(name, ErrorCodes.InvalidTime, "must be epoch milliseconds (years 2000–2099) or 'yyyy-MM-dd HH:mm:ss'");
    }

    /// <summary>The objects of an array, each reporting into the same error list as <c>name[i].field</c>.</summary>
    public List<CallbackFields>? RequiredArray(string name) =>
        TryGet(name, out _) ? OptionalArray(name) : Fail<List<CallbackFields>?>(name, ErrorCodes.Required, "is required");

    /// <summary>As <see cref="RequiredArray"/>; null when not sent.</summary>
    public List<CallbackFields>? OptionalArray(string name)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            return Fail<List<CallbackFields>?>(name, ErrorCodes.WrongType, "must be an array");
        }

        var items = new List<CallbackFields>();
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            var field = $"{name}[{index++}]";
            if (item.ValueKind == JsonValueKind.Object)
            {
                items.Add(new CallbackFields(item, time, Errors, prefix + field + "."));
            }
            else
            {
                Fail<object?>(field, ErrorCodes.WrongType, "must be an object");
            }
        }

        return items;
    }

    /// <summary>The properties of a nested object, each value as <see cref="RawValue"/> gives it; null when not sent.</summary>
    public List<(string Name, string Value)>? OptionalProperties(string name)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Object
            ? value.EnumerateObject().Select(p => (p.Name, AsText(p.Value))).ToList()
            : Fail<List<(string, string)>?>(name, ErrorCodes.WrongType, "must be an object");
    }

    /// <summary>A string as sent, any other JSON value as its JSON text; empty when not sent.</summary>
    public string RawValue(string name) => TryGet(name, out var value) ? AsText(value) : "";

    /// <summary>An absolute http(s) URL; an empty string counts as not sent.</summary>
    public string? OptionalUrl(string name)
    {
        var text = String(name, 2048, required: false);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? text.Trim()
            : Fail<string?>(name, ErrorCodes.InvalidUrl, "must be an absolute http or https URL");
    }

    /// <summary>The fields of a nested object, reporting into the same error list; null when not sent or not an object.</summary>
    public CallbackFields? OptionalObject(string name)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Object
            ? new CallbackFields(value, time, Errors, prefix + name + ".")
            : Fail<CallbackFields?>(name, ErrorCodes.WrongType, "must be an object");
    }

    /// <summary>Adds an error for a rule that spans fields; <paramref name="message"/> is the whole sentence.</summary>
    public void Reject(string name, string code, string message) => Errors.Add(new FieldError(prefix + name, code, message));

    private string? String(string name, int maxLength, bool required)
    {
        if (!TryGet(name, out var value))
        {
            return required ? Fail<string?>(name, ErrorCodes.Required, "is required") : null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            return Fail<string?>(name, ErrorCodes.WrongType, "must be a string");
        }

        var text = value.GetString()!;
        if (required && string.IsNullOrWhiteSpace(text))
        {
            return Fail<string?>(name, ErrorCodes.Required, "must not be empty");
        }

        return text.Length > maxLength ? Fail<string?>(name, ErrorCodes.TooLong, $"must be at most {maxLength} characters") : text;
    }

    private static string AsText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Null => "",
        _ => value.GetRawText(),
    };

    private bool TryGet(string name, out JsonElement value) =>
        element.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    private T Fail<T>(string name, string code, string message)
    {
        var field = prefix + name;
        Errors.Add(new FieldError(field, code, $"{field} {message}."));
        return default!;
    }
}
