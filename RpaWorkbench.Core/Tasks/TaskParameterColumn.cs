using System.Text.Json;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace RpaWorkbench.Core.Tasks;

/// <summary>A task's parameters in one JSON text column (<c>[{"name","type","required",…}]</c>): read and written whole, never queried.</summary>
internal static class TaskParameterColumn
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static readonly ValueConverter<IReadOnlyList<TaskParameter>, string> Converter = new(
        parameters => JsonSerializer.Serialize(parameters, Json),
        text => JsonSerializer.Deserialize<List<TaskParameter>>(text, Json) ?? new List<TaskParameter>());

    /// <summary>The declarations as the column stores them, or null for none (the audit trail's text).</summary>
    public static string? Text(IReadOnlyList<TaskParameter>? parameters) =>
        parameters is null or { Count: 0 } ? null : JsonSerializer.Serialize(parameters, Json);

    public static readonly ValueComparer<IReadOnlyList<TaskParameter>> Comparer = new(
        (left, right) => left!.SequenceEqual(right!),
        parameters => parameters.Aggregate(0, (hash, parameter) => HashCode.Combine(hash, parameter)),
        parameters => parameters.ToList());
}
