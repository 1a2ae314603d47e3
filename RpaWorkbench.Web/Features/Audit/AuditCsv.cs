using CsvHelper;
using RpaWorkbench.Core.Audit;
using RpaWorkbench.Core.Time;
using RpaWorkbench.Web.Infrastructure.Export;

namespace RpaWorkbench.Web.Features.Audit;

/// <summary>
/// The audit export's columns (written by <see cref="CsvExport"/>): each time in the operators' zone with its offset and
/// again in UTC, the changes as their JSON.
/// </summary>
public static class AuditCsv
{
    public static readonly IReadOnlyList<string> Header =
        ["time", "time_utc", "actor", "action", "target_type", "target_id", "target_name", "changes", "client_address"];

    public static Action<CsvWriter, AuditRow> Writer(OperatorTime time) => (csv, row) =>
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
    };

    /// <summary><c>2026-11-25 16:00:00 +08:00</c>: the operators' wall-clock time and its offset at that instant.</summary>
    public static string OperatorTimeWithOffset(OperatorTime time, DateTime utc) =>
        new DateTimeOffset(time.ToOperator(utc), time.Zone.GetUtcOffset(utc)).ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);
}
