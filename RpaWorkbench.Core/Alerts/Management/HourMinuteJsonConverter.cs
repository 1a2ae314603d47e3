using System.Text.Json;
using System.Text.Json.Serialization;

namespace RpaWorkbench.Core.Alerts.Management;

/// <summary>Quiet hours travel as <c>"HH:mm"</c>, the way operators write them, not as <c>"HH:mm:ss"</c>.</summary>
public sealed class HourMinuteJsonConverter : JsonConverter<TimeOnly?>
{
    public const string Format = "HH:mm";

    /// <summary>The time written as <c>HH:mm</c> (24-hour), or null when the text is not one.</summary>
    public static TimeOnly? Parse(string? text) =>
        TimeOnly.TryParseExact(text?.Trim(), Format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time : null;

    public override bool HandleNull => true;

    public override TimeOnly? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? null : Parse(reader.GetString()) ?? throw new JsonException("Expected a time as HH:mm.");

    public override void Write(Utf8JsonWriter writer, TimeOnly? value, JsonSerializerOptions options)
    {
        if (value is { } time)
        {
            writer.WriteStringValue(time.ToString(Format, CultureInfo.InvariantCulture));
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
