using CsvHelper;
using RpaWorkbench.Core.Diagnostics;

namespace RpaWorkbench.Web.Infrastructure.Export;

/// <summary>CSV downloads of the Workbench, written as <see cref="CsvFile"/> says (BOM, header, streamed, formula neutralising).</summary>
public static class CsvExport
{
    public const string ContentType = CsvFile.ContentType;

    /// <summary>
    /// A streamed CSV download (an attachment named <paramref name="fileName"/>) of the rows, one record each, stopped when
    /// the client goes; its rows are counted as <paramref name="export"/> in <c>workbench.export.rows</c>.
    /// </summary>
    public static IResult File<T>(
        HttpContext context, string export, string fileName, IReadOnlyList<string> header, IAsyncEnumerable<T> rows, Action<CsvWriter, T> writeRecord)
    {
        var counted = context.RequestServices.GetRequiredService<WorkbenchMetrics>().CountExported(rows, export);
        return TypedResults.Stream(output => CsvFile.WriteAsync(output, header, counted, writeRecord, context.RequestAborted), ContentType, fileName);
    }
}
