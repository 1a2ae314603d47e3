using CsvHelper;
using MiniExcelLibs;
using RpaWorkbench.Core.Time;

namespace RpaWorkbench.Core.Batches;

/// <summary>
/// Writes a table of cells as <c>.xlsx</c> or <c>.csv</c> while its rows are read. The CSV goes straight to the output
/// (<see cref="CsvFile"/>: BOM, formula neutralising). The workbook is written by MiniExcel, whose writer is
/// synchronous, on a background thread into a temporary file, then copied to the output: memory holds a chunk of rows,
/// never the table. Cells are text, numbers, booleans, or times already in the operators' zone.
/// </summary>
internal static class BatchTable
{
    public static async Task WriteAsync(Stream output, BatchFileFormat format, IReadOnlyList<string> header,
        IAsyncEnumerable<object?[]> rows, CancellationToken cancellationToken)
    {
        if (format == BatchFileFormat.Csv)
        {
            await CsvFile.WriteAsync(output, header, rows, WriteRecord, cancellationToken);
            return;
        }

        await using var temp = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        await Task.Run(() => temp.SaveAs(rows.ToBlockingEnumerable(cancellationToken).Select(cells => Named(header, cells))), cancellationToken);
        temp.Position = 0;
        await temp.CopyToAsync(output, cancellationToken);
    }

    /// <summary>Distinct header names: a name already taken gets <paramref name="prefix"/> (and a number if need be).</summary>
    public static string Unique(ICollection<string> taken, string name, string prefix)
    {
        var candidate = taken.Contains(name) ? prefix + name : name;
        for (var n = 2; taken.Contains(candidate); n++)
        {
            candidate = string.Create(CultureInfo.InvariantCulture, $"{prefix}{name}_{n}");
        }

        taken.Add(candidate);
        return candidate;
    }

    private static Dictionary<string, object?> Named(IReadOnlyList<string> header, object?[] cells)
    {
        var row = new Dictionary<string, object?>(header.Count, StringComparer.Ordinal);
        for (var i = 0; i < header.Count; i++)
        {
            row[header[i]] = cells[i];
        }

        return row;
    }

    private static void WriteRecord(CsvWriter csv, object?[] cells)
    {
        foreach (var cell in cells)
        {
            switch (cell)
            {
                case DateTime time:
                    csv.WriteField(time, OperatorTime.DisplayFormat);
                    break;
                case int number:
                    csv.WriteField(number);
                    break;
                case decimal number:
                    csv.WriteField(number);
                    break;
                case bool flag:
                    csv.WriteField(flag ? "true" : "false");
                    break;
                default:
                    csv.WriteField(cell as string ?? cell?.ToString());
                    break;
            }
        }
    }
}
