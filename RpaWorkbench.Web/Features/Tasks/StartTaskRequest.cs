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
    public IReadOnlyDictionary<string, string?> Values()
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        var errors = new List<FieldError>();
        foreach (var (name, value) in Parameters ?? [])
        {
            values[name] = value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
                JsonValueKind.Null or JsonValueKind.Undefined => null,
                _ => Refuse(errors, name),
            };
        }

        return errors.Count > 0 ? throw new ValidationFailedException(errors) : values;
    }

    private static string? Refuse(List<FieldError> errors, string name)
    {
        errors.Add(new FieldError(ParameterValues.FieldOf(name), ErrorCodes.WrongType,
            string.Create(CultureInfo.InvariantCulture, $"The value of \"{name}\" must be text, a number or true/false.")));
        return null;
    }
}
