using System.Text.Encodings.Web;
using System.Text.Json;

namespace RpaWorkbench.Core.Tasks;

/// <summary>
/// Secret values in a task's config JSON: the value of every property, at any depth, whose name contains one of
/// <see cref="Words"/> (ignoring case and anything but letters and digits: <c>DB_Password</c>, <c>apiToken</c>,
/// <c>登录密码</c>). People see them as <see cref="Mask"/>; robots get them in full. A mask saved back keeps the value
/// stored at the same place, so in the task dialog a secret can be replaced but not read.
/// </summary>
internal static class ConfigSecrets
{
    public const string Mask = "******";

    /// <summary>Property names containing one of these (after folding) hold secrets.</summary>
    public static readonly IReadOnlyList<string> Words =
    [
        "password", "passwd", "passphrase", "pwd", "secret", "token", "apikey", "accesskey", "privatekey", "credential",
        "authorization", "cookie", "密码", "口令", "密钥", "令牌", "凭证", "凭据",
    ];

    // As TaskRules.FormatJson writes: indented, Chinese readable.
    private static readonly JsonWriterOptions Indented = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static bool IsSecretName(string name)
    {
        var folded = string.Concat(name.Where(char.IsLetterOrDigit)).ToLowerInvariant();
        return Words.Any(word => folded.Contains(word, StringComparison.Ordinal));
    }

    /// <summary>The config (valid JSON, indented) with every secret value that is not null shown as <see cref="Mask"/>; null stays null.</summary>
    public static string? Masked(string? json) => json is null ? null : Write(json, (writer, root) => WriteMasked(writer, root));

    /// <summary>
    /// The edited config (valid JSON) indented, each secret still reading <see cref="Mask"/> replaced by the value stored at
    /// the same place; and where a mask had nothing to keep: no stored value there, or, inside a list, an entry whose other
    /// values changed (so a removed or reordered entry never hands its secret to another).
    /// </summary>
    public static (string Json, IReadOnlyList<string> Unkept) Restore(string edited, string? stored)
    {
        using var before = stored is null ? null : JsonDocument.Parse(stored);
        var unkept = new List<string>();
        var json = Write(edited, (writer, root) => WriteRestored(writer, root, before?.RootElement, "", unkept));
        return (json, unkept);
    }

    /// <summary>The places of secret values set, changed or removed between two configs, for an audit trail that stores none.</summary>
    public static IReadOnlyList<string> Changed(string? before, string? after)
    {
        var (was, now) = (Secrets(before), Secrets(after));
        return [.. now.Keys.Concat(was.Keys).Distinct().Where(path => was.GetValueOrDefault(path) != now.GetValueOrDefault(path))];
    }

    private static string Write(string json, Action<Utf8JsonWriter, JsonElement> write)
    {
        using var document = JsonDocument.Parse(json);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Indented))
        {
            write(writer, document.RootElement);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteMasked(Utf8JsonWriter writer, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in value.EnumerateObject())
                {
                    writer.WritePropertyName(property.Name);
                    if (IsSecret(property))
                    {
                        writer.WriteStringValue(Mask);
                    }
                    else
                    {
                        WriteMasked(writer, property.Value);
                    }
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in value.EnumerateArray())
                {
                    WriteMasked(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                value.WriteTo(writer);
                break;
        }
    }

    private static void WriteRestored(Utf8JsonWriter writer, JsonElement edited, JsonElement? stored, string path, List<string> unkept)
    {
        switch (edited.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in edited.EnumerateObject())
                {
                    writer.WritePropertyName(property.Name);
                    JsonElement? before = stored is { ValueKind: JsonValueKind.Object } s && s.TryGetProperty(property.Name, out var v) ? v : null;
                    var at = path.Length == 0 ? property.Name : $"{path}.{property.Name}";
                    if (!IsSecretName(property.Name) || !property.Value.ValueEquals(Mask))
                    {
                        WriteRestored(writer, property.Value, before, at, unkept);
                    }
                    else if (before is { ValueKind: not JsonValueKind.Null } kept)
                    {
                        kept.WriteTo(writer);
                    }
                    else
                    {
                        unkept.Add(at);
                        property.Value.WriteTo(writer);
                    }
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                var index = 0;
                foreach (var item in edited.EnumerateArray())
                {
                    JsonElement? before = stored is { ValueKind: JsonValueKind.Array } s && index < s.GetArrayLength()
                                          && SameButSecrets(item, s[index]) ? s[index] : null;
                    WriteRestored(writer, item, before, $"{path}[{index}]", unkept);
                    index++;
                }

                writer.WriteEndArray();
                break;
            default:
                edited.WriteTo(writer);
                break;
        }
    }

    private static bool SameButSecrets(JsonElement a, JsonElement b) => Masked(a.GetRawText()) == Masked(b.GetRawText());

    private static bool IsSecret(JsonProperty property) => property.Value.ValueKind != JsonValueKind.Null && IsSecretName(property.Name);

    // Each secret value's raw JSON by its place; values inside a secret value are part of it.
    private static Dictionary<string, string> Secrets(string? json)
    {
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        if (json is not null)
        {
            using var document = JsonDocument.Parse(json);
            Collect(document.RootElement, "", found);
        }

        return found;
    }

    private static void Collect(JsonElement value, string path, Dictionary<string, string> found)
    {
        if (value.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in value.EnumerateObject())
            {
                var at = path.Length == 0 ? property.Name : $"{path}.{property.Name}";
                if (IsSecret(property))
                {
                    found[at] = property.Value.GetRawText();
                }
                else
                {
                    Collect(property.Value, at, found);
                }
            }
        }
        else if (value.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                Collect(item, $"{path}[{index++}]", found);
            }
        }
    }
}
