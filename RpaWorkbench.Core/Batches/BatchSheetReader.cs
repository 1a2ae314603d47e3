using System.Runtime.CompilerServices;
using System.Threading.Channels;
using MiniExcelLibs;

namespace RpaWorkbench.Core.Batches;

/// <summary>One row of a sheet: its number as the sheet shows it (1 is the header) and its cells by column letter, as text.</summary>
internal sealed record SheetRow(int Number, IReadOnlyDictionary<string, string?> Cells)
{
    public bool IsBlank => Cells.Values.All(string.IsNullOrWhiteSpace);

    /// <summary>Rows given as data as a sheet would hold them: a header of every name used (first seen first), then the rows.</summary>
    public static IEnumerable<SheetRow> Of(IReadOnlyList<IReadOnlyDictionary<string, string?>> rows)
    {
        var names = rows.SelectMany(r => r.Keys).Distinct(StringComparer.Ordinal).ToList();
        yield return new SheetRow(1, names.Select((name, i) => (XlsxNotes.ColumnName(i), name)).ToDictionary(c => c.Item1, c => (string?)c.name));
        for (var i = 0; i < rows.Count; i++)
        {
            yield return new SheetRow(i + 2, names.Select((name, n) => (XlsxNotes.ColumnName(n), rows[i].GetValueOrDefault(name)))
                .ToDictionary(c => c.Item1, c => c.Item2));
        }
    }
}

/// <summary>
/// Reads an uploaded <c>.xlsx</c> or <c>.csv</c> row by row. MiniExcel's reader is lazy but synchronous, so it runs on
/// a background thread and hands rows over through a small bounded channel: memory holds a few hundred rows, never
/// the sheet. Cells become text as a person reads them (numbers in invariant culture, dates <c>yyyy-MM-dd</c>).
/// </summary>
internal static class BatchSheetReader
{
    private const int Buffered = 256;
    private static readonly byte[] ZipMagic = [0x50, 0x4B, 0x03, 0x04];

    /// <summary>The file's kind from its first bytes and extension, or null when it is neither a workbook nor a CSV text.</summary>
    public static BatchFileFormat? Detect(string fileName, ReadOnlySpan<byte> head)
    {
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        if (head.StartsWith(ZipMagic))
        {
            return extension is ".xlsx" or "" ? BatchFileFormat.Xlsx : null;
        }

        return extension is ".csv" or ".txt" or "" && head.IndexOf((byte)0) < 0 ? BatchFileFormat.Csv : null;
    }

    /// <summary>Every row of the first sheet, header first; a file MiniExcel cannot read ends the sequence with <see cref="InvalidDataException"/>.</summary>
    public static async IAsyncEnumerable<SheetRow> ReadAsync(Stream content, BatchFileFormat format, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var rows = Channel.CreateBounded<SheetRow>(new BoundedChannelOptions(Buffered) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = Task.Run(() => Produce(content, format, rows.Writer, stop.Token), CancellationToken.None);
        try
        {
            await foreach (var row in rows.Reader.ReadAllAsync(cancellationToken))
            {
                yield return row;
            }
        }
        finally
        {
            // The consumer may stop early (a header error): the producer stops at its next row.
            await stop.CancelAsync();
            await producer;
        }
    }

    /// <summary>A cell as text: what the person typed, not how .NET would print the value.</summary>
    public static string? Text(object? cell) => cell switch
    {
        null => null,
        string text => text,
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        DateTime time when time.TimeOfDay == TimeSpan.Zero => time.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime time => time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => cell.ToString(),
    };

    private static async Task Produce(Stream content, BatchFileFormat format, ChannelWriter<SheetRow> writer, CancellationToken cancellationToken)
    {
        Exception? failure = null;
        try
        {
            var type = format == BatchFileFormat.Xlsx ? ExcelType.XLSX : ExcelType.CSV;
            var number = 0;
            foreach (IDictionary<string, object?> row in content.Query(useHeaderRow: false, excelType: type))
            {
                number++;
                var cells = row.ToDictionary(cell => cell.Key, cell => Text(cell.Value), StringComparer.Ordinal);
                await writer.WriteAsync(new SheetRow(number, cells), cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The reader stopped early; nothing more is wanted.
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // MiniExcel throws whatever the broken bytes lead it to (zip, XML, format errors): all mean "not readable".
            failure = new InvalidDataException("The file could not be read as a spreadsheet: " + ex.Message, ex);
        }

        writer.TryComplete(failure);
    }
}
