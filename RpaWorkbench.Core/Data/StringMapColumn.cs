using System.Text.Json;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace RpaWorkbench.Core.Data;

/// <summary>A name → value map in one JSON text column (a run's parameters, a batch row): read and written whole, never queried.</summary>
internal static class StringMapColumn
{
    public static readonly ValueConverter<IReadOnlyDictionary<string, string?>, string> Converter = new(
        map => Serialize(map),
        text => JsonSerializer.Deserialize<Dictionary<string, string?>>(text, JsonSerializerOptions.Default) ?? new Dictionary<string, string?>());

    public static readonly ValueComparer<IReadOnlyDictionary<string, string?>> Comparer = new(
        (left, right) => SameEntries(left!, right!),
        map => map.Aggregate(0, (hash, pair) => hash ^ HashCode.Combine(pair.Key, pair.Value)),
        map => new Dictionary<string, string?>(map));

    /// <summary>The text the column stores for a map (also for rows written without EF).</summary>
    public static string Serialize(IReadOnlyDictionary<string, string?> map) => JsonSerializer.Serialize(map, JsonSerializerOptions.Default);

    private static bool SameEntries(IReadOnlyDictionary<string, string?> left, IReadOnlyDictionary<string, string?> right) =>
        left.Count == right.Count && left.All(pair => right.TryGetValue(pair.Key, out var value) && value == pair.Value);
}
