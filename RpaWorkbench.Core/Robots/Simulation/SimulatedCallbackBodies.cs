using System.Text.Json.Serialization;

namespace RpaWorkbench.Core.Robots.Simulation;

/// <summary><c>POST /api/v1/webhook/heartbeat</c> as the simulated robot sends it.</summary>
internal sealed record HeartbeatBody(
    [property: JsonPropertyName("shadow_bot_account")] string Account,
    [property: JsonPropertyName("host_ip")] string? Host,
    [property: JsonPropertyName("port")] int? Port);

/// <summary><c>POST /api/v1/webhook/confirm</c>: the run has started on the robot.</summary>
internal sealed record ConfirmBody(
    [property: JsonPropertyName("shadow_bot_account")] string Account,
    [property: JsonPropertyName("app_name")] string AppName,
    [property: JsonPropertyName("task_id")] long? TaskId,
    [property: JsonPropertyName("execution_id")] string ExecutionId,
    [property: JsonPropertyName("host_ip")] string? Host,
    [property: JsonPropertyName("port")] int? Port,
    [property: JsonPropertyName("start_time")] string StartTime);

/// <summary><c>POST /api/v1/webhook/execution-complete</c>, shaped like the seed's example plus the run's ids.</summary>
internal sealed record CompletionBody(
    [property: JsonPropertyName("shadow_bot_account")] string Account,
    [property: JsonPropertyName("app_name")] string AppName,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("start_time")] string StartTime,
    [property: JsonPropertyName("end_time")] string EndTime,
    [property: JsonPropertyName("duration_seconds")] double DurationSeconds,
    [property: JsonPropertyName("result_summary")] ResultSummary ResultSummary,
    [property: JsonPropertyName("log_info")] bool LogInfo,
    [property: JsonPropertyName("screenshot")] bool Screenshot,
    [property: JsonPropertyName("screenshot_url")] string? ScreenshotUrl,
    [property: JsonPropertyName("log_url")] string? LogUrl,
    [property: JsonPropertyName("execution_id")] string ExecutionId,
    [property: JsonPropertyName("task_id")] long? TaskId,
    [property: JsonPropertyName("host_ip")] string? Host,
    [property: JsonPropertyName("port")] int? Port,
    [property: JsonPropertyName("error_message")] string? ErrorMessage,
    [property: JsonPropertyName("log_content")] string LogContent);

internal sealed record ResultSummary(
    [property: JsonPropertyName("total_items")] int TotalItems,
    [property: JsonPropertyName("success_items")] int SuccessItems,
    [property: JsonPropertyName("failed_items")] int FailedItems);
