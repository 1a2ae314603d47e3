using CsvHelper;

namespace RpaWorkbench.Core.Common;

/// <summary>
/// What every CSV download of the Workbench shares: UTF-8 with a byte-order mark (so Excel reads Chinese correctly),
/// a header row, rows written while they are read (the writer's 64 KiB buffer goes to the output as it fills), and
/// formula neutralising: a text cell that starts with <c>= + - @</c>, tab or CR gets a leading <c>'</c> so a
/// spreadsheet shows it as text. Numbers and times are written as such and never escaped, so <c>-5</c> stays a number.
/// </summary>
public static class CsvFile
{
    public const string ContentType = "text/csv; charset=utf-8";

    private static readonly CsvWriterOptions Options = new()
    {
        WriteByteOrderMark = true,
        Injection = CsvInjection.Escape,
    };

    /// <summary>Writes the header and the rows to <paramref name="output"/>, which stays open.</summary>
    public static async Task WriteAsync<T>(
        Stream output, IReadOnlyList<string> header, IAsyncEnumerable<T> rows, Action<CsvWriter, T> writeRecord, CancellationToken cancellationToken)
    {
        await using var csv = CsvWriter.Create(output, Options, leaveOpen: true);
        csv.WriteHeader([.. header]);
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            writeRecord(csv, row);
            await csv.EndRecordAsync(cancellationToken);
        }

        await csv.FlushAsync(cancellationToken);
    }
}
