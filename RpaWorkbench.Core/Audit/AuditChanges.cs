using System.Text.Encodings.Web;
using System.Text.Json;

namespace RpaWorkbench.Core.Audit;

/// <summary>One changed field: its value before and after (null when it did not exist).</summary>
public sealed record AuditChange(string Field, string? Before, string? After);

/// <summary>
/// Collects field changes for an audit entry and stores them as JSON <c>{"field": {"before": …, "after": …}}</c>.
/// Fields whose value did not change are left out. Callers never pass secrets or password hashes.
/// </summary>
public sealed class AuditChanges
{
    // Chinese account and app names stay readable in the database and in CSV exports.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly List<AuditChange> _changes = [];

    public bool IsEmpty => _changes.Count == 0;

    /// <summary>Adds the field when its value changed.</summary>
    public AuditChanges Field(string field, object? before, object? after)
    {
        var (was, now) = (Text(before), Text(after));
        if (was != now)
        {
            _changes.Add(new AuditChange(field, was, now));
        }

        return this;
    }

    /// <summary>The fields as JSON, or null when nothing changed.</summary>
    public string? ToJson()
    {
        if (IsEmpty)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            foreach (var change in _changes)
            {
                json.WriteStartObject(change.Field);
                json.WriteString("before", change.Before);
                json.WriteString("after", change.After);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The changes stored by <see cref="ToJson"/>, in the order they were recorded.</summary>
    public static IReadOnlyList<AuditChange> Parse(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return [];
        }

        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateObject()
            .Select(p => new AuditChange(p.Name, p.Value.GetProperty("before").GetString(), p.Value.GetProperty("after").GetString()))
            .ToList();
    }

    private static string? Text(object? value) => value switch
    {
        null => null,
        bool flag => flag ? "true" : "false",
        DateTime time => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
