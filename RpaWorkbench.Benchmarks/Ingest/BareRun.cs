using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace RpaWorkbench.Benchmarks.Ingest;

/// <summary>
/// An execution-complete body read the bare way for the ceiling: the fields taken straight from the JSON, the robot
/// times converted to UTC in the robots' zone, and the same run key the Workbench stores (SHA-256 of account, app,
/// start, end), so the bare insert maintains the same unique index. No validation: the load only sends valid bodies.
/// </summary>
public sealed record BareRun(
    string Account, string App, string Status, DateTime StartUtc, DateTime EndUtc, double DurationSeconds,
    int TotalItems, int SuccessItems, int FailedItems, bool LogInfo, bool Screenshot, string? ScreenshotUrl, string? LogUrl,
    string DedupKey)
{
    /// <summary>The ExecutionLogs columns the bare insert fills, in the order of <see cref="Values"/>.</summary>
    public static readonly IReadOnlyList<string> Columns =
    [
        "DedupKey", "Text", "AppName", "ShadowBotAccount", "Status", "StartTime", "EndTime", "DurationSeconds", "TotalItems",
        "SuccessItems", "FailedItems", "LogInfo", "Screenshot", "ScreenshotUrl", "LogUrl", "CreatedAt",
    ];

    private static readonly TimeZoneInfo RobotZone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public static BareRun Parse(JsonElement body)
    {
        var account = body.GetProperty("shadow_bot_account").GetString()!;
        var app = body.GetProperty("app_name").GetString()!;
        var start = Time(body.GetProperty("start_time"));
        var end = Time(body.GetProperty("end_time"));
        var summary = body.GetProperty("result_summary");
        return new BareRun(
            account, app, body.GetProperty("status").GetString()!, start, end, body.GetProperty("duration_seconds").GetDouble(),
            summary.GetProperty("total_items").GetInt32(), summary.GetProperty("success_items").GetInt32(),
            summary.GetProperty("failed_items").GetInt32(), body.GetProperty("log_info").GetBoolean(),
            body.GetProperty("screenshot").GetBoolean(), body.GetProperty("screenshot_url").GetString(),
            body.GetProperty("log_url").GetString(),
            // The Workbench's run key: start time, then a hash of the run (see ExecutionCallback.DedupKey).
            $"{start:yyyyMMddHHmmss}" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"run\n{account}\n{app}\n{start:O}\n{end:O}")), 0, 9));
    }

    /// <summary>The row's values in the order of <see cref="Columns"/>, times as the provider stores them.</summary>
    public object?[] Values(Func<DateTime, object> stored, object createdAt) =>
    [
        DedupKey, $"{App}: {Status}", App, Account, Status, stored(StartUtc), stored(EndUtc), DurationSeconds, TotalItems,
        SuccessItems, FailedItems, LogInfo, Screenshot, ScreenshotUrl, LogUrl, createdAt,
    ];

    /// <summary>The bare INSERT of one run, with a parameter per column named by <paramref name="parameter"/> (from its index).</summary>
    public static string InsertSql(Func<int, string> parameter) =>
        $"INSERT INTO \"ExecutionLogs\" ({string.Join(", ", Columns.Select(c => $"\"{c}\""))}) " +
        $"VALUES ({string.Join(", ", Columns.Select((_, i) => parameter(i)))}) ON CONFLICT DO NOTHING RETURNING \"Id\"";

    private static DateTime Time(JsonElement text) => TimeZoneInfo.ConvertTimeToUtc(
        DateTime.ParseExact(text.GetString()!, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), RobotZone);
}
