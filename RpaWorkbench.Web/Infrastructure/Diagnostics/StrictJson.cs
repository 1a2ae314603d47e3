using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace RpaWorkbench.Web.Infrastructure.Diagnostics;

/// <summary>Why a body was refused: the field to name (<c>body</c> when it is not about one field) and the message.</summary>
public sealed record BodyRefusal(string Field, string Message);

/// <summary>
/// Parses an API body as I-JSON (RFC 7493) in what matters for storing it: UTF-8 only (a leading byte order mark is
/// skipped: some Windows HTTP clients send one), no field twice in one object (parsers disagree on which copy wins, so
/// a robot and the Workbench could read different values), no string or field name that is not valid Unicode (a lone
/// surrogate escape such as <c>"\ud800"</c>). One rule of our own: no U+0000 in any string, which PostgreSQL text cannot
/// hold. Noncharacters and other control characters are accepted.
/// </summary>
public static class StrictJson
{
    public const string BodyField = "body";

    private static readonly JsonDocumentOptions NoDuplicates = new() { AllowDuplicateProperties = false };

    /// <summary>The document, or why the body is refused (the caller then has no document to dispose).</summary>
    public static (JsonDocument? Document, BodyRefusal? Refusal) Parse(ReadOnlyMemory<byte> bytes)
    {
        var body = bytes.Span.StartsWith("\uFEFF"u8) ? bytes[3..] : bytes;
        if (!Utf8.IsValid(body.Span))
        {
            return (null, new BodyRefusal(BodyField,
                $"The body is not valid UTF-8 (byte {FirstInvalidUtf8(bytes.Span)}); send JSON encoded as UTF-8."));
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, NoDuplicates);
        }
        // The duplicate check reads field names, and one that is not valid Unicode throws InvalidOperationException.
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return (null, FieldAt(body) ?? new BodyRefusal(BodyField, $"The body is not valid JSON: {ex.Message}"));
        }

        // Only a \u escape can make a string of valid UTF-8 invalid Unicode or put U+0000 in it: most bodies skip the walk.
        if (body.Span.IndexOf("\\u"u8) >= 0 && FirstRefusal(document.RootElement, "", duplicates: false) is { } refusal)
        {
            document.Dispose();
            return (null, refusal);
        }

        return (document, null);
    }

    // The error path of a body the strict parse refused: if it is JSON when duplicates are allowed, the field at fault.
    private static BodyRefusal? FieldAt(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var lenient = JsonDocument.Parse(body);
            return FirstRefusal(lenient.RootElement, "", duplicates: true);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // Depth-first, in document order. The duplicate check is needed only when the strict parse found one.
    private static BodyRefusal? FirstRefusal(JsonElement element, string path, bool duplicates)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return Unstorable(element, path);
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (FirstRefusal(item, $"{path}[{index++}]", duplicates) is { } refusal)
                    {
                        return refusal;
                    }
                }

                return null;
            case JsonValueKind.Object:
                return FirstRefusalIn(element, path, duplicates);
            default:
                return null;
        }
    }

    private static BodyRefusal? FirstRefusalIn(JsonElement element, string path, bool duplicates)
    {
        var seen = duplicates ? new HashSet<string>(StringComparer.Ordinal) : null;
        var where = path.Length == 0 ? BodyField : path;
        foreach (var property in element.EnumerateObject())
        {
            string name;
            try
            {
                name = property.Name;
            }
            catch (InvalidOperationException)
            {
                return new BodyRefusal(where, $"A field name in {where} is not valid Unicode (a lone surrogate escape such as \\ud800).");
            }

            if (name.Contains('\0', StringComparison.Ordinal))
            {
                return new BodyRefusal(where, $"A field name in {where} contains U+0000 (\\u0000), which cannot be stored.");
            }

            var field = path.Length == 0 ? name : $"{path}.{name}";
            if (seen is not null && !seen.Add(name))
            {
                return new BodyRefusal(field, $"{field} appears more than once; send each field once.");
            }

            if (FirstRefusal(property.Value, field, duplicates) is { } refusal)
            {
                return refusal;
            }
        }

        return null;
    }

    private static BodyRefusal? Unstorable(JsonElement value, string path)
    {
        var field = path.Length == 0 ? BodyField : path;
        try
        {
            return value.GetString()!.Contains('\0', StringComparison.Ordinal)
                ? new BodyRefusal(field, $"{field} contains U+0000 (\\u0000), which cannot be stored.")
                : null;
        }
        catch (InvalidOperationException)
        {
            return new BodyRefusal(field, $"{field} is not valid Unicode (a lone surrogate escape such as \\ud800); escape a character outside the BMP as a surrogate pair.");
        }
    }

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        var offset = bytes.StartsWith("\uFEFF"u8) ? 3 : 0;
        while (Rune.DecodeFromUtf8(bytes[offset..], out _, out var consumed) == OperationStatus.Done)
        {
            offset += consumed;
        }

        return offset;
    }
}
