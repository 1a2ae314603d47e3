using System.Runtime.CompilerServices;
using System.Text.Json;
using RpaWorkbench.Core.Time;

namespace RpaWorkbench.Core.Batches;

/// <summary>
/// The result workbook of a batch: the input columns as uploaded, then <c>status</c>, one column per output name (the
/// union over its items, in the order first seen; a name that is already a column gets <c>output.</c> in front),
/// <c>error</c>, <c>attempts</c>, <c>started_at</c> and <c>ended_at</c> in the operators' zone. Items are read in row
/// order, a chunk at a time.
/// </summary>
internal sealed class BatchResult(WorkbenchDbContext db, Batch batch, OperatorTime time)
{
    private const int Chunk = 2_000;
    private static readonly string[] Before = ["status"];
    private static readonly string[] After = ["error", "attempts", "started_at", "ended_at"];

    public async Task WriteAsync(Stream output, BatchFileFormat format, CancellationToken cancellationToken)
    {
        var outputNames = new List<string>();
        await foreach (var item in ItemsAsync(cancellationToken))
        {
            foreach (var (name, _) in OutputsOf(item.Outputs))
            {
                if (!outputNames.Contains(name, StringComparer.Ordinal))
                {
                    outputNames.Add(name);
                }
            }
        }

        var taken = new HashSet<string>(batch.Columns.Concat(Before).Concat(After), StringComparer.Ordinal);
        var header = batch.Columns.Concat(Before).Concat(outputNames.Select(n => BatchTable.Unique(taken, n, "output."))).Concat(After).ToList();
        await BatchTable.WriteAsync(output, format, header, RowsAsync(outputNames, cancellationToken), cancellationToken);
    }

    /// <summary>The name → value pairs of stored outputs: a JSON object, or the execution log's <c>[{"name","value"}]</c> array.</summary>
    public static IEnumerable<(string Name, object? Value)> OutputsOf(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            return root.ValueKind switch
            {
                JsonValueKind.Object => [.. root.EnumerateObject().Select(p => (p.Name, ValueOf(p.Value)))],
                JsonValueKind.Array => [.. root.EnumerateArray()
                    .Where(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String)
                    .Select(e => (e.GetProperty("name").GetString()!, e.TryGetProperty("value", out var v) ? ValueOf(v) : null))],
                _ => [],
            };
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private async IAsyncEnumerable<object?[]> RowsAsync(List<string> outputNames, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in ItemsAsync(cancellationToken))
        {
            var cells = new List<object?>(batch.Columns.Count + outputNames.Count + 5);
            cells.AddRange(batch.Columns.Select(c => (object?)item.Values.GetValueOrDefault(c)));
            cells.Add(ContractName.Of(item.State));
            var outputs = OutputsOf(item.Outputs).GroupBy(o => o.Name).ToDictionary(g => g.Key, g => g.First().Value, StringComparer.Ordinal);
            cells.AddRange(outputNames.Select(n => outputs.GetValueOrDefault(n)));
            cells.Add(item.LastError);
            cells.Add(item.Attempts);
            cells.Add(item.StartedAt is { } started ? time.ToOperator(started) : null);
            cells.Add(item.EndedAt is { } ended ? time.ToOperator(ended) : null);
            yield return [.. cells];
        }
    }

    private async IAsyncEnumerable<BatchItem> ItemsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var after = 0;
        List<BatchItem> chunk;
        do
        {
            chunk = await db.BatchItems.AsNoTracking().Where(i => i.BatchId == batch.Id && i.RowNumber > after)
                .OrderBy(i => i.RowNumber).Take(Chunk).ToListAsync(cancellationToken);
            foreach (var item in chunk)
            {
                after = item.RowNumber;
                yield return item;
            }
        }
        while (chunk.Count == Chunk);
    }

    private static object? ValueOf(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number when value.TryGetDecimal(out var number) => number,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => value.GetRawText(),
    };
}
