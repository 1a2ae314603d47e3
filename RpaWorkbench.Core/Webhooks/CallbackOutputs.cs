using RpaWorkbench.Core.Executions;

namespace RpaWorkbench.Core.Webhooks;

/// <summary>Reads a callback's output parameters into <see cref="ExecutionLog.Outputs"/> text, rejecting bad ones by field.</summary>
internal static class CallbackOutputs
{
    private const int MaxNameLength = 256;

    /// <summary>ShadowBot's <c>result</c>: an array of <c>{name, value, type}</c>; a missing type is <c>str</c>.</summary>
    public static string? FromResult(CallbackFields fields, string name)
    {
        var outputs = new List<RunOutput>();
        foreach (var item in fields.OptionalArray(name) ?? [])
        {
            var parameter = item.RequiredString("name", MaxNameLength);
            var type = item.OptionalString("type", 16)?.Trim().ToLowerInvariant();
            if (type is not null && !RunOutputs.Types.Contains(type))
            {
                item.Reject("type", ErrorCodes.InvalidValue, "type must be one of str, int, float, bool, file.");
                continue;
            }

            if (parameter is not null)
            {
                outputs.Add(new RunOutput(parameter.Trim(), item.RawValue("value"), type ?? RunOutputs.TextType));
            }
        }

        return Within(fields, name, outputs);
    }

    /// <summary>The seed webhook's <c>outputs</c>: an object of name → value, each stored as a <c>str</c>.</summary>
    public static string? FromObject(CallbackFields fields, string name)
    {
        var outputs = new List<RunOutput>();
        foreach (var (parameter, value) in fields.OptionalProperties(name) ?? [])
        {
            if (string.IsNullOrWhiteSpace(parameter) || parameter.Length > MaxNameLength)
            {
                fields.Reject(name, ErrorCodes.InvalidValue, $"{name} names must be 1 to {MaxNameLength} characters.");
                continue;
            }

            outputs.Add(new RunOutput(parameter.Trim(), value, RunOutputs.TextType));
        }

        return Within(fields, name, outputs);
    }

    private static string? Within(CallbackFields fields, string name, List<RunOutput> outputs)
    {
        var text = RunOutputs.Serialize(outputs);
        if (text is not null && !RunOutputs.Fits(text))
        {
            fields.Reject(name, ErrorCodes.TooLong, $"{name} must be at most {RunOutputs.MaxBytes} bytes as JSON.");
            return null;
        }

        return text;
    }
}
