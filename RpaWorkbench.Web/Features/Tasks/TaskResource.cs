using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using RpaWorkbench.Core.Dify;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Robots.ShadowBot;
using RpaWorkbench.Core.Storage;
using RpaWorkbench.Core.Tasks;

namespace RpaWorkbench.Web.Features.Tasks;

/// <summary>
/// A task as <c>/api/v1/tasks</c> answers it. <c>config_json</c> is a JSON value (as the robots' config read gives it),
/// with secret values masked for operators and admins and null for viewers, as on the tasks page;
/// <c>config_file_name</c> names the uploaded config file; <c>shadow_bot</c> says how runs start as ShadowBot jobs
/// (docs/robots-shadowbot-tasks.md); <c>parameters</c> are the values each run gives; <c>group_id</c> (with its
/// <c>group_name</c>) sends its runs to any idle robot of the group through the dispatch queue; <c>dify</c> (base URL and
/// concurrency, never the key) makes its runs call a Dify workflow instead of a robot. <c>version</c> is the <c>ETag</c>.
/// </summary>
public sealed record TaskResource(
    long Id,
    string TaskName,
    long AccountId,
    string ShadowBotAccount,
    string TaskControl,
    long? GroupId,
    string? GroupName,
    string AppName,
    RobotTaskStatus Status,
    JsonElement? ConfigJson,
    string? ConfigFileName,
    DateTime? TriggerTime,
    string? CronExpression,
    long? RunTimeoutSeconds,
    ShadowBotTaskSettings? ShadowBot,
    DifyTaskView? Dify,
    IReadOnlyList<TaskParameter> Parameters,
    DateTime? NextFireAt,
    DateTime? LastRunTime,
    string? ErrorMessage,
    long? LastLogId,
    ExecutionStatus? LastOutcome,
    bool CanRunAgain,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    string Version)
{
    public static TaskResource Of(TaskRow row) => new(
        row.Id, row.TaskName, row.AccountId, row.ShadowBotAccount, row.TaskControl, row.GroupId, row.GroupName, row.AppName, row.Status,
        row.ConfigJson is null ? null : JsonSerializer.Deserialize<JsonElement>(row.ConfigJson),
        row.ConfigFileKey is null ? null : ObjectKeys.FileName(row.ConfigFileKey),
        row.TriggerTime, row.CronExpression, (long?)row.RunTimeout?.TotalSeconds, row.ShadowBot, row.Dify, row.Parameters, row.NextFireAt, row.LastRunTime, row.ErrorMessage,
        row.LastLogId, row.LastOutcome, row.CanRunAgain, row.CreatedAt, row.UpdatedAt, row.Version);
}

/// <summary>
/// The body of <c>POST</c> and <c>PUT /api/v1/tasks</c>: every field the task dialog has (a PUT replaces them all).
/// <c>config_json</c> is a JSON value, or a string holding JSON text as the old API took it; a secret still reading
/// <c>******</c> keeps its stored value. <c>shadow_bot</c> left out or null removes the ShadowBot settings;
/// <c>parameters</c> left out or null declares none. <c>dify</c> left out or null removes the Dify settings; its
/// <c>api_key</c> left blank keeps the stored key.
/// Times are UTC unless they carry an offset.
/// </summary>
public sealed record TaskRequest
{
    public const string RunTimeoutSecondsField = "run_timeout_seconds";

    // [Required] marks the field so in the document only; a missing one is the Core's to refuse (422 naming it).
    [Required]
    public string? TaskName { get; init; }

    [Required]
    public long? AccountId { get; init; }

    /// <summary>Runs of the task go to any idle robot of this group, through the dispatch queue; null for the account.</summary>
    public long? GroupId { get; init; }

    [Required]
    public string? AppName { get; init; }

    public JsonElement? ConfigJson { get; init; }

    public DateTime? TriggerTime { get; init; }

    public string? CronExpression { get; init; }

    public long? RunTimeoutSeconds { get; init; }

    public ShadowBotTaskSettings? ShadowBot { get; init; }

    public IReadOnlyList<TaskParameter>? Parameters { get; init; }

    /// <summary>Runs call this Dify workflow instead of a robot (docs/batches.md, "Dify workflows").</summary>
    public DifyTaskInput? Dify { get; init; }

    // Beyond the Core's own limit of days, and far from TimeSpan's end: the Core refuses it naming the field.
    private const long MaxSeconds = 100L * 365 * 24 * 3600;

    public TaskInput ToInput(string? version) => new(
        TaskName, AccountId, AppName, ConfigText(ConfigJson), TriggerTime, CronExpression,
        RunTimeoutSeconds is { } seconds ? TimeSpan.FromSeconds(Math.Clamp(seconds, -1, MaxSeconds)) : null, version)
    {
        ShadowBot = ShadowBot,
        Parameters = Parameters,
        GroupId = GroupId,
        Dify = Dify,
    };

    private static string? ConfigText(JsonElement? json) => json switch
    {
        null or { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } => null,
        { ValueKind: JsonValueKind.String } text => text.GetString(),
        { } value => value.GetRawText(),
    };
}
