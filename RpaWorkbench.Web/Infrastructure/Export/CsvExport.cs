using CsvHelper;

namespace RpaWorkbench.Web.Infrastructure.Export;

/// <summary>CSV downloads of the Workbench, written as <see cref="CsvFile"/> says (BOM, header, streamed, formula neutralising).</summary>
public static class CsvExport
{
    public const string ContentType = CsvFile.ContentType;

    /// <summary>A streamed CSV download (an attachment named <paramref name="fileName"/>) of the rows, one record each.</summary>
    public static IResult File<T>(
        string fileName, IReadOnlyList<string> header, IAsyncEnumerable<T> rows, Action<CsvWriter, T> writeRecord, CancellationToken cancellationToken) =>
        TypedResults.Stream(output => CsvFile.WriteAsync(output, header, rows, writeRecord, cancellationToken), ContentType, fileName);
}
