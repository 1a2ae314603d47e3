using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RpaWorkbench.Core.Executions;

/// <summary>One output parameter of a run (ShadowBot's <c>result</c> item): its value always as text.</summary>
public sealed record RunOutput(string Name, string Value, string Type)
{
    /// <summary>A file value that can be opened: an absolute http(s) URL (anything else is shown as text).</summary>
    [JsonIgnore]
    public Uri? Link => Type == RunOutputs.FileType
                        && Uri.TryCreate(Value.Trim(), UriKind.Absolute, out var uri)
                        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        ? uri
        : null;
}

/// <summary>The JSON array text <see cref="ExecutionLog.Outputs"/> holds: <c>[{"name","value","type"}]</c>.</summary>
public static class RunOutputs
{
    /// <summary>The most JSON (UTF-8 bytes) one run's outputs may take.</summary>
    public const int MaxBytes = 64 * 1024;

    public const string TextType = "str";
    public const string FileType = "file";

    /// <summary>ShadowBot's parameter types.</summary>
    public static readonly IReadOnlySet<string> Types = new HashSet<string>(StringComparer.Ordinal) { TextType, "int", "float", "bool", FileType };

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The stored text; null for no outputs.</summary>
    public static string? Serialize(IReadOnlyList<RunOutput> outputs) =>
        outputs.Count == 0 ? null : JsonSerializer.Serialize(outputs, Json);

    /// <summary>Whether a stored text is within <see cref="MaxBytes"/>.</summary>
    public static bool Fits(string text) => System.Text.Encoding.UTF8.GetByteCount(text) <= MaxBytes;

    /// <summary>The outputs a stored text holds; empty when none were reported.</summary>
    public static IReadOnlyList<RunOutput> Parse(string? stored) =>
        string.IsNullOrEmpty(stored) ? [] : JsonSerializer.Deserialize<List<RunOutput>>(stored, Json) ?? [];
}
