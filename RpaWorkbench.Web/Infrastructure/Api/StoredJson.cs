using System.Text.Json;

namespace RpaWorkbench.Web.Infrastructure.Api;

/// <summary>JSON text the Workbench stored (a robot's outputs, a step's inputs) as a JSON value to answer with.</summary>
public static class StoredJson
{
    /// <summary>The parsed value; text that is not JSON as a JSON string; null for none.</summary>
    public static JsonElement? Element(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(json);
        }
    }
}
