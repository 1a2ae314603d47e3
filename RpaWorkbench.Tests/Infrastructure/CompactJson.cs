using System.Text.Encodings.Web;
using System.Text.Json;

namespace RpaWorkbench.Tests.Infrastructure;

/// <summary>JSON on one line with Chinese as written, to compare a value with a literal whatever its indentation.</summary>
public static class CompactJson
{
    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Of(JsonElement json) => JsonSerializer.Serialize(json, Options);

    public static string Of(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Of(document.RootElement);
    }
}
