using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using RpaWorkbench.Core.Executions;

namespace RpaWorkbench.Tests.Webhooks;

/// <summary>
/// What an <c>execution-complete</c> body asks to store, read by the contract's rules (not the Workbench's parser):
/// text trimmed; times <c>yyyy-MM-dd HH:mm:ss</c> in Asia/Shanghai (UTC+8 all year) or ISO-8601 with an offset;
/// integers as JSON numbers or digit strings; booleans <c>true</c>/<c>"true"</c>, false when missing; the item total
/// success + failed when missing; the duration end − start when missing; blank URLs as none.
/// </summary>
public sealed partial record SentRun(
    string Account, string App, string Status, DateTime StartUtc, DateTime EndUtc, double Duration,
    long Total, long Success, long Failed, bool LogInfo, bool Screenshot, string? ScreenshotUrl, string? LogUrl)
{
    public static SentRun Read(JsonElement body)
    {
        var start = Time(body.GetProperty("start_time").GetString()!);
        var end = Time(body.GetProperty("end_time").GetString()!);
        var summary = Sent(body, "result_summary") ?? default;
        var (success, failed) = (Integer(summary, "success_items") ?? 0, Integer(summary, "failed_items") ?? 0);
        return new SentRun(
            body.GetProperty("shadow_bot_account").GetString()!.Trim(), body.GetProperty("app_name").GetString()!.Trim(),
            body.GetProperty("status").GetString()!.Trim().ToLowerInvariant(), start, end,
            Sent(body, "duration_seconds") is { } duration ? Number(duration) : (end - start).TotalSeconds,
            Integer(summary, "total_items") ?? success + failed, success, failed,
            Flag(body, "log_info"), Flag(body, "screenshot"), Url(body, "screenshot_url"), Url(body, "log_url"));
    }

    public static SentRun Of(ExecutionLog log) => new(
        log.ShadowBotAccount, log.AppName, log.Status.ToString().ToLowerInvariant(), log.StartTime, log.EndTime, log.DurationSeconds,
        log.TotalItems, log.SuccessItems, log.FailedItems, log.LogInfo, log.Screenshot, log.ScreenshotUrl, log.LogUrl);

    /// <summary>The field as sent; null when missing or JSON null.</summary>
    internal static JsonElement? Sent(JsonElement body, string name) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private static DateTime Time(string text)
    {
        var value = text.Trim();
        if (DateTime.TryParseExact(value, ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var shanghai))
        {
            return DateTime.SpecifyKind(shanghai.AddHours(-8), DateTimeKind.Utc);
        }

        return Offset().IsMatch(value) && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant)
            ? instant.UtcDateTime
            : throw new Xunit.Sdk.XunitException($"The contract has no time like '{text}', yet it was accepted.");
    }

    /// <summary>A whole number sent as a JSON number or a digit string.</summary>
    internal static long? Integer(JsonElement body, string name) => Sent(body, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } text => long.Parse(text.GetString()!, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
        { } number => number.TryGetInt64(out var whole) ? whole : (long)number.GetDouble(),
    };

    private static double Number(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? double.Parse(value.GetString()!, CultureInfo.InvariantCulture) : value.GetDouble();

    private static bool Flag(JsonElement body, string name) => Sent(body, name) switch
    {
        null => false,
        { ValueKind: JsonValueKind.String } text => bool.Parse(text.GetString()!),
        { } flag => flag.GetBoolean(),
    };

    private static string? Url(JsonElement body, string name) =>
        Sent(body, name)?.GetString() is { } url && !string.IsNullOrWhiteSpace(url) ? url.Trim() : null;

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[T ].*(Z|[+-]\d{2}:?\d{2})$", RegexOptions.IgnoreCase)]
    private static partial Regex Offset();
}
