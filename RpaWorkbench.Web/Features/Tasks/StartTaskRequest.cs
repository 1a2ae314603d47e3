using System.Globalization;
using System.Text.Json;
using RpaWorkbench.Core.Tasks;

namespace RpaWorkbench.Web.Features.Tasks;

/// <summary>
/// The optional body of <c>POST /api/v1/tasks/{id}/start</c>: values of the task's declared parameters by name. A value
/// is text, or a JSON number or true/false written as text; null or left out takes the default.
/// </summary>
public sealed record StartTaskRequest
{
    public Dictionary<string, JsonElement>? Parameters { get; init; }

    /// <summary>The values as text, for <see cref="ParameterValues"/>; an object or array is refused naming <c>parameters.name</c>.</summary>
    public IReadOnlyDictionary<string, string?> Values() => TextValues(Parameters, ParameterValues.FieldOf);

    /// <summary>JSON values as text (a number or true/false as written); an object or array is refused naming <paramref name="fieldOf"/>(name).</summary>
    public static IReadOnlyDictionary<string, string?> TextValues(IReadOnlyDictionary<string, JsonElement>? json, Func<string, string> fieldOf)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        var errors = new List<FieldError>();
        foreach (var (name, value) in json ?? new Dictionary<string, JsonElement>())
        {
            values[name] = value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
                JsonValueKind.Null or JsonValueKind.Undefined => null,
                _ => Refuse(errors, fieldOf(name), name),
            };
        }

        return errors.Count > 0 ? throw new ValidationFailedException(errors) : values;
    }

    private static string? Refuse(List<FieldError> errors, string field, string name)
    {
        errors.Add(new FieldError(field, ErrorCodes.WrongType,
            string.Create(CultureInfo.InvariantCulture, $"The value of \"{name}\" must be text, a number or true/false.")));
        return null;
    }
}
