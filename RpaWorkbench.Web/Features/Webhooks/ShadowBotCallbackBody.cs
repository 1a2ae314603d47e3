using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;
using RpaWorkbench.Web.Features.ApiDocs;

namespace RpaWorkbench.Web.Features.Webhooks;

// ShadowBot's native callback as the OpenAPI document shows it (field names are ShadowBot's). Read leniently by the
// Core's ShadowBotCallbackParser; never deserialized.

/// <summary>An output parameter of a job.</summary>
public sealed record ShadowBotParameterBody(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("value"), Description("A file parameter arrives as its URL.")] string? Value,
    [property: JsonPropertyName("type"), Description("str, int, float, bool or file.")] string? Type);

/// <summary>A job: the whole body when dataType is job, an element of jobList in a task callback.</summary>
public record ShadowBotJobBody
{
    // Not required in the schema: a task callback (dataType task) carries its jobs' uuids in jobList only.
    [JsonPropertyName("jobUuid"), Description("ShadowBot's job (a job callback and each jobList element have one); repeated deliveries of one job are stored once.")]
    public string? JobUuid { get; init; }

    [JsonPropertyName("status"), Description("finish → completed, error → failed, stopped/cancel/skipped → stopped; created, waiting, running, stopping are acknowledged and not stored.")]
    public required string Status { get; init; }

    [JsonPropertyName("msg"), Description("The run's message; the error message when the job did not finish. ≤ 4,000 characters.")]
    public string? Msg { get; init; }

    [JsonPropertyName("robotClientUuid")]
    public string? RobotClientUuid { get; init; }

    [JsonPropertyName("robotClientName"), Description("The robot account (shadow_bot_account); an unknown one becomes an unregistered account.")]
    public string? RobotClientName { get; init; }

    // JSON text or a number: ShadowBot sends task times as epoch milliseconds.
    [JsonPropertyName("startTime"), Description("yyyy-MM-dd HH:mm:ss in the robots' zone (text), or epoch milliseconds (a number); the task's when missing.")]
    public JsonElement? StartTime { get; init; }

    [JsonPropertyName("endTime"), Description("As startTime; required for an ended job (the task's when missing).")]
    public JsonElement? EndTime { get; init; }

    [JsonPropertyName("robotName"), Description("The app name.")]
    public string? RobotName { get; init; }

    [JsonPropertyName("robotUuid")]
    public string? RobotUuid { get; init; }

    [JsonPropertyName("idempotentUuid"), Description("Stored as the run's execution_id: the Workbench run id when the Workbench started the job.")]
    public string? IdempotentUuid { get; init; }

    [JsonPropertyName("screenshotUrl"), Description("Sent on error; kept when it is an http(s) URL.")]
    public string? ScreenshotUrl { get; init; }

    [JsonPropertyName("result"), Description("Output parameters, stored as the run's outputs (shown on the run detail page and exported).")]
    public IReadOnlyList<ShadowBotParameterBody>? Result { get; init; }
}

/// <summary>The callback: a job (dataType job) or a task with its jobs (dataType task, taskUuid, jobList).</summary>
public sealed record ShadowBotCallbackBody : ShadowBotJobBody
{
    [JsonPropertyName("dataType"), Description("job or task.")]
    public required string DataType { get; init; }

    [JsonPropertyName("taskUuid")]
    public string? TaskUuid { get; init; }

    [JsonPropertyName("jobList"), Description("A task's jobs; each ended one is stored as a run.")]
    public IReadOnlyList<ShadowBotJobBody>? JobList { get; init; }
}

/// <summary>ShadowBot's documented examples, as examples in the document.</summary>
internal static class ShadowBotCallbackExamples
{
    public static readonly ApiExample[] All =
    [
        new("job", "A job callback, as ShadowBot documents it",
            """
            { "dataType": "job", "jobUuid": "42c2a3c4-5d6e-4f70-8a9b-0c1d2e3f4a5b", "status": "finish", "msg": "执行结束",
              "robotClientUuid": "bfd2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d", "robotClientName": "ceshi1@csqy1",
              "startTime": "2021-02-03 11:11:11", "endTime": "2021-03-03 12:12:12",
              "robotName": "导出淘宝订单", "robotUuid": "7d1e2f3a-4b5c-4d6e-8f70-a1b2c3d4e5f6",
              "idempotentUuid": "0196c1d2e3f4a5b6c7d8e9f0a1b2c3d4",
              "result": [ { "name": "姓", "value": "王", "type": "str" },
                          { "name": "上传文件", "value": "https://example.com/request.txt", "type": "file" } ] }
            """),
        new("task", "A task callback (task times in epoch milliseconds)",
            """
            { "dataType": "task", "taskUuid": "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d", "status": "error", "msg": "任务异常",
              "idempotentUuid": "task-20220122-001", "startTime": 1642837962000, "endTime": 1642838062000,
              "jobList": [ { "jobUuid": "11111111-2222-4333-8444-555555555555", "status": "error", "msg": "元素未找到",
                             "robotClientName": "ceshi1@csqy1", "robotName": "导出淘宝订单",
                             "startTime": "2022-01-22 15:52:42", "endTime": "2022-01-22 15:54:22",
                             "screenshotUrl": "https://example.com/error.png" } ] }
            """),
        new("stored", "Stored (id: the execution log)",
            """{ "success": true, "runs": [ { "jobUuid": "42c2a3c4-5d6e-4f70-8a9b-0c1d2e3f4a5b", "id": 1, "duplicate": false } ], "message": null }""",
            StatusCodes.Status200OK),
    ];
}
