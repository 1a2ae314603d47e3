using System.ComponentModel;
using System.Text.Json.Serialization;
using RpaWorkbench.Web.Features.ApiDocs;

namespace RpaWorkbench.Web.Features.Webhooks;

// The callbacks' bodies as the OpenAPI document shows them. The endpoints read them leniently with the Core's
// CallbackParser (digit strings for numbers, "true" for booleans, any case for status: docs/webhooks.md); these types
// give the canonical form. Never deserialized.

/// <summary>How a run ended.</summary>
public enum RunOutcome
{
    Completed,
    Failed,
}

/// <summary>The fields every callback may carry: who calls and where its agent listens.</summary>
public abstract record CallbackBody
{
    [JsonPropertyName("shadow_bot_account"), Description("The robot's ShadowBot account: trimmed, 1–64 characters.")]
    public required string ShadowBotAccount { get; init; }

    [JsonPropertyName("host_ip"), Description("IPv4, IPv6 or host name of the robot's agent, ≤ 253 characters.")]
    public string? HostIp { get; init; }

    [JsonPropertyName("port"), Description("The agent's port, 1–65535.")]
    public int? Port { get; init; }
}

/// <summary><c>POST /api/v1/webhook/heartbeat</c>: the robot is alive.</summary>
public sealed record HeartbeatBody : CallbackBody;

/// <summary><c>POST /api/v1/webhook/confirm</c>: an app has started.</summary>
public sealed record ConfirmBody : CallbackBody
{
    [JsonPropertyName("app_name"), Description("The app (robot flow) name: trimmed, 1–200 characters.")]
    public required string AppName { get; init; }

    [JsonPropertyName("task_id"), Description("The Workbench task, ≥ 1 (also as a digit string).")]
    public long? TaskId { get; init; }

    [JsonPropertyName("start_time"), Description("yyyy-MM-dd HH:mm:ss in the robots' zone, or ISO-8601 with an offset.")]
    public string? StartTime { get; init; }
}

/// <summary>Item counts of a run; success + failed must not exceed total.</summary>
public sealed record ResultSummaryBody
{
    [JsonPropertyName("total_items"), Description("Defaults to success + failed.")]
    public int? TotalItems { get; init; }

    [JsonPropertyName("success_items")]
    public int? SuccessItems { get; init; }

    [JsonPropertyName("failed_items")]
    public int? FailedItems { get; init; }
}

/// <summary><c>POST /api/v1/webhook/execution-complete</c>: an app has ended.</summary>
public sealed record ExecutionCompleteBody : CallbackBody
{
    [JsonPropertyName("app_name"), Description("The app (robot flow) name: trimmed, 1–200 characters.")]
    public required string AppName { get; init; }

    [JsonPropertyName("status"), Description("How the run ended (any case is accepted).")]
    public required RunOutcome Status { get; init; }

    [JsonPropertyName("start_time"), Description("yyyy-MM-dd HH:mm:ss in the robots' zone, or ISO-8601 with an offset; years 2000–2099.")]
    public required string StartTime { get; init; }

    [JsonPropertyName("end_time"), Description("As start_time; not before it.")]
    public required string EndTime { get; init; }

    [JsonPropertyName("duration_seconds"), Description("≥ 0; must agree with end − start within the tolerance (2 s); computed when missing.")]
    public double? DurationSeconds { get; init; }

    [JsonPropertyName("result_summary")]
    public ResultSummaryBody? ResultSummary { get; init; }

    [JsonPropertyName("log_info")]
    public bool? LogInfo { get; init; }

    [JsonPropertyName("screenshot")]
    public bool? Screenshot { get; init; }

    [JsonPropertyName("screenshot_url"), Description("Absolute http(s) URL, ≤ 2,048 characters.")]
    public Uri? ScreenshotUrl { get; init; }

    [JsonPropertyName("log_url"), Description("Absolute http(s) URL, ≤ 2,048 characters.")]
    public Uri? LogUrl { get; init; }

    [JsonPropertyName("execution_id"), Description("Identifies the run for idempotency (string or JSON integer, ≤ 128 characters).")]
    public string? ExecutionId { get; init; }

    [JsonPropertyName("task_id"), Description("The Workbench task, ≥ 1.")]
    public long? TaskId { get; init; }

    [JsonPropertyName("error_message"), Description("≤ 4,000 characters.")]
    public string? ErrorMessage { get; init; }

    [JsonPropertyName("log_content"), Description("≤ 524,288 characters.")]
    public string? LogContent { get; init; }
}

/// <summary>The seed payloads of docs/webhooks.md, as examples in the document.</summary>
internal static class WebhookExamples
{
    public const string Reply = """{ "success": true, "id": 1, "duplicate": false }""";

    public static readonly ApiExample[] ExecutionComplete =
    [
        new("seed", "A completed run, as the old system's robots send it",
            """
            { "shadow_bot_account": "tygj001", "app_name": "云仓收藏", "status": "completed",
              "start_time": "2026-01-27 10:00:00", "end_time": "2026-01-27 10:30:00", "duration_seconds": 1800,
              "result_summary": { "total_items": 50, "success_items": 48, "failed_items": 2 },
              "log_info": true, "screenshot": true,
              "screenshot_url": "https://bucket.oss-cn-hangzhou.aliyuncs.com/run/123/screenshot.png",
              "log_url": "https://bucket.oss-cn-hangzhou.aliyuncs.com/run/123/log.txt" }
            """),
        new("failed", "A failed run of a robot the Workbench started",
            """
            { "shadow_bot_account": "tygj001", "app_name": "云仓收藏", "status": "failed",
              "start_time": "2026-01-27T10:00:00+08:00", "end_time": "2026-01-27T10:04:12+08:00",
              "execution_id": "0196c1d2e3f4a5b6c7d8e9f0a1b2c3d4", "task_id": 12,
              "error_message": "元素未找到：登录按钮（等待 30 秒超时）",
              "log_content": "10:00:00 打开网页\n10:04:12 元素未找到：登录按钮",
              "screenshot": true, "screenshot_url": "https://bucket.oss-cn-hangzhou.aliyuncs.com/run/124/screenshot.png" }
            """),
        new("stored", "Stored (id: the log)", Reply, StatusCodes.Status200OK),
    ];

    public static readonly ApiExample[] Confirm =
    [
        new("seed", "An app has started",
            """{ "shadow_bot_account": "tygj001", "app_name": "云仓收藏", "task_id": 12, "start_time": "2026-01-27 11:00:00" }"""),
        new("stored", "Stored (id: the task, null when none matched)", """{ "success": true, "id": 12, "duplicate": false }""", StatusCodes.Status200OK),
    ];

    public static readonly ApiExample[] Heartbeat =
    [
        new("seed", "A robot's heartbeat", """{ "shadow_bot_account": "tygj001", "host_ip": "192.168.10.21", "port": 8080 }"""),
        new("stored", "Stored (id: the account)", Reply, StatusCodes.Status200OK),
    ];
}
