using System.Text.Json;

namespace RpaWorkbench.Core.Tasks;

/// <summary>A task's stored config JSON as the JSON value robots are sent (not as a string).</summary>
internal static class TaskConfigJson
{
    public static JsonElement? Parse(string? json)
    {
        if (json is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
