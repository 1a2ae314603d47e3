using System.Text.Json;
using RpaWorkbench.Core.Tasks;

namespace RpaWorkbench.Core.Robots.ShadowBot;

/// <summary>
/// A task's config JSON as ShadowBot job parameters: each top-level property is one parameter, typed by its value —
/// a string is <c>str</c>, a whole number <c>int</c>, another number <c>float</c>, true/false <c>bool</c>; an object
/// <c>{"type": "…", "value": …}</c> names the type itself (a <c>file</c> value is a fileKey); any other object or
/// array is sent as <c>str</c> holding its JSON; null is left out.
/// </summary>
public static class ShadowBotParams
{
    private static readonly string[] Types = ["str", "int", "float", "bool", "file"];

    /// <summary>The parameters, or <see cref="ValidationFailedException"/> naming each property that cannot be one (<c>config_json.name</c>).</summary>
    public static IReadOnlyList<ShadowBotParam> FromConfig(JsonElement? config)
    {
        if (config is not { } json || json.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return [];
        }

        if (json.ValueKind != JsonValueKind.Object)
        {
            throw new ValidationFailedException([new FieldError("config_json", ErrorCodes.WrongType,
                "A ShadowBot task's config JSON must be an object: each property becomes one parameter of the app.")]);
        }

        var parameters = new List<ShadowBotParam>();
        var errors = new List<FieldError>();
        foreach (var property in json.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            if (Param(property.Name, property.Value) is { } parameter)
            {
                parameters.Add(parameter);
            }
            else
            {
                errors.Add(new FieldError($"config_json.{property.Name}", ErrorCodes.InvalidValue,
                    $"\"{property.Name}\" names its type as one of {string.Join(", ", Types)} with a \"value\" that is not an object or array."));
            }
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        return parameters;
    }

    /// <summary>
    /// The config's parameters with a run's declared values merged in, typed by the declared type (integer int, decimal
    /// float, boolean bool, others str: a file parameter's value is its text). A declared parameter replaces a config
    /// property of the same name.
    /// </summary>
    public static List<ShadowBotParam> WithDeclared(IReadOnlyList<ShadowBotParam> config, IReadOnlyList<TaskParameter> declared, IReadOnlyDictionary<string, string> values)
    {
        var merged = config.Where(p => !values.ContainsKey(p.Name)).ToList();
        foreach (var parameter in declared)
        {
            if (values.TryGetValue(parameter.Name, out var value))
            {
                merged.Add(new ShadowBotParam(parameter.Name, value, TypeOf(parameter.Type)));
            }
        }

        return merged;
    }

    private static string TypeOf(TaskParameterType type) => type switch
    {
        TaskParameterType.Integer => "int",
        TaskParameterType.Decimal => "float",
        TaskParameterType.Boolean => "bool",
        _ => "str",
    };

    private static ShadowBotParam? Param(string name, JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => new ShadowBotParam(name, value.GetString()!, "str"),
        JsonValueKind.Number => new ShadowBotParam(name, value.GetRawText(), value.TryGetInt64(out _) ? "int" : "float"),
        JsonValueKind.True or JsonValueKind.False => new ShadowBotParam(name, value.GetRawText(), "bool"),
        JsonValueKind.Object when value.TryGetProperty("type", out var type) => Typed(name, type, value),
        _ => new ShadowBotParam(name, value.GetRawText(), "str"),
    };

    // {"type": "int", "value": 5}: the value as text, whatever JSON kind it was written as.
    private static ShadowBotParam? Typed(string name, JsonElement type, JsonElement value)
    {
        var typeName = type.ValueKind == JsonValueKind.String ? type.GetString() : null;
        if (typeName is null || !Types.Contains(typeName, StringComparer.Ordinal)
            || !value.TryGetProperty("value", out var inner) || inner.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
        {
            return null;
        }

        var text = inner.ValueKind switch
        {
            JsonValueKind.String => inner.GetString()!,
            JsonValueKind.Null => "",
            _ => inner.GetRawText(),
        };
        return new ShadowBotParam(name, text, typeName);
    }
}
