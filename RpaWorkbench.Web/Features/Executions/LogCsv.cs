using CsvHelper;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Executions.Export;
using RpaWorkbench.Core.Time;
using RpaWorkbench.Web.Infrastructure.Export;

namespace RpaWorkbench.Web.Features.Executions;

/// <summary>
/// The execution-log export's columns (written by <see cref="CsvExport"/>), named as in the webhook contract: times in
/// the operators' zone as <c>yyyy-MM-dd HH:mm:ss</c>, numbers as numbers, an empty cell for a missing value, the output
/// parameters as their JSON array (<c>[{"name","value","type"}]</c>).
/// </summary>
public static class LogCsv
{
    public static readonly IReadOnlyList<string> Header =
    [
        "id", "execution_id", "shadow_bot_account", "app_name", "status", "start_time", "end_time", "duration_seconds",
        "total_items", "success_items", "failed_items", "host_ip", "text", "error_message", "screenshot_url", "log_url", "task_id",
        "outputs",
    ];

    public static Action<CsvWriter, ExecutionLogExportRow> Writer(OperatorTime time) => (csv, row) =>
    {
        csv.WriteField(row.Id);
        csv.WriteField(row.ExecutionId);
        csv.WriteField(row.ShadowBotAccount);
        csv.WriteField(row.AppName);
        csv.WriteField(ContractName.Of(row.Status));
        csv.WriteField(time.ToOperator(row.StartTimeUtc), OperatorTime.DisplayFormat);
        csv.WriteField(time.ToOperator(row.EndTimeUtc), OperatorTime.DisplayFormat);
        csv.WriteField(row.DurationSeconds);
        csv.WriteField(row.TotalItems);
        csv.WriteField(row.SuccessItems);
        csv.WriteField(row.FailedItems);
        csv.WriteField(row.HostIp);
        csv.WriteField(row.Text);
        csv.WriteField(row.ErrorMessage);
        csv.WriteField(row.ScreenshotUrl);
        csv.WriteField(row.LogUrl);
        csv.WriteField(row.TaskId);
        csv.WriteField(row.Outputs);
    };

    /// <summary>
    /// <c>execution-logs-20261101-20261125.csv</c>: the first and last operator day of the range (a time is added when a
    /// bound is not midnight), <c>-from-…</c> or <c>-until-…</c> when one bound is open, <c>-all</c> when both are.
    /// </summary>
    public static string FileName(ExecutionLogFilter filter, OperatorTime time)
    {
        var from = filter.FromUtc is { } start ? Day(time.ToOperator(start), isEnd: false) : null;
        var until = filter.ToUtc is { } end ? Day(time.ToOperator(end), isEnd: true) : null;
        var range = (from, until) switch
        {
            (null, null) => "all",
            (not null, null) => $"from-{from}",
            (null, not null) => $"until-{until}",
            _ => $"{from}-{until}",
        };
        return $"execution-logs-{range}.csv";
    }

    // The end is exclusive: up to midnight means up to and including the day before.
    private static string Day(DateTime local, bool isEnd) => local.TimeOfDay == TimeSpan.Zero
        ? (isEnd ? local.AddDays(-1) : local).ToString("yyyyMMdd", CultureInfo.InvariantCulture)
        : local.ToString("yyyyMMdd'T'HHmm", CultureInfo.InvariantCulture);
}
