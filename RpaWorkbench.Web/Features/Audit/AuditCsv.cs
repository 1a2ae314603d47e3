using System.Globalization;
using CsvHelper;
using RpaWorkbench.Core.Audit;
using RpaWorkbench.Core.Time;

namespace RpaWorkbench.Web.Features.Audit;

/// <summary>
/// Writes audit entries as CSV while they are read: UTF-8 with a byte-order mark (so Excel reads Chinese correctly),
/// each time in the operators' zone with its offset and again in UTC, the changes as their JSON.
/// </summary>
public static class AuditCsv
{
    public const string ContentType = "text/csv; charset=utf-8";

    private static readonly string[] Header =
        ["time", "time_utc", "actor", "action", "target_type", "target_id", "target_name", "changes", "client_address"];

    private static readonly CsvWriterOptions Options = new()
    {
        WriteByteOrderMark = true,
        // A name that starts with = + - @ must not become a formula in a spreadsheet.
        Injection = CsvInjection.Escape,
    };

    public static async Task WriteAsync(Stream output, IAsyncEnumerable<AuditRow> rows, OperatorTime time, CancellationToken cancellationToken)
    {
        await using var csv = CsvWriter.Create(output, Options, leaveOpen: true);
        csv.WriteHeader(Header);
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            csv.WriteField(OperatorTimeWithOffset(time, row.AtUtc));
            csv.WriteField(row.AtUtc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            csv.WriteField(row.Actor);
            csv.WriteField(row.Action);
            csv.WriteField(row.TargetType);
            csv.WriteField(row.TargetId);
            csv.WriteField(row.TargetName);
            csv.WriteField(row.ChangesJson);
            csv.WriteField(row.ClientAddress);
            await csv.EndRecordAsync(cancellationToken);
        }

        await csv.FlushAsync(cancellationToken);
    }

    /// <summary><c>2026-11-25 16:00:00 +08:00</c>: the operators' wall-clock time and its offset at that instant.</summary>
    public static string OperatorTimeWithOffset(OperatorTime time, DateTime utc) =>
        new DateTimeOffset(time.ToOperator(utc), time.Zone.GetUtcOffset(utc)).ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);
}
