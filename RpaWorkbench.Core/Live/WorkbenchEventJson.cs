using System.Text.Json;
using System.Text.Json.Serialization;

namespace RpaWorkbench.Core.Live;

/// <summary>
/// A batch of events as compact JSON, the message instances exchange through Redis, e.g.
/// <c>[{"t":"log","logId":7,"shadowBotAccount":"tygj001","appName":"订单同步","status":2}]</c>.
/// </summary>
internal static class WorkbenchEventJson
{
    public static byte[] Serialize(IReadOnlyList<WorkbenchEvent> events) =>
        JsonSerializer.SerializeToUtf8Bytes([.. events], WorkbenchEventJsonContext.Default.WorkbenchEventArray);

    /// <exception cref="JsonException">The message is not a batch of events this version knows.</exception>
    public static IReadOnlyList<WorkbenchEvent> Deserialize(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize(json, WorkbenchEventJsonContext.Default.WorkbenchEventArray)
        ?? throw new JsonException("The message is null, not a batch of events.");
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(WorkbenchEvent[]))]
internal sealed partial class WorkbenchEventJsonContext : JsonSerializerContext;
