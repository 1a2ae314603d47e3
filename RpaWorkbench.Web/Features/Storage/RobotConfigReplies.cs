using System.Text.Json;
using System.Text.Json.Serialization;
using RpaWorkbench.Core.Tasks;

namespace RpaWorkbench.Web.Features.Storage;

/// <summary>
/// A task's config file in a reply: its name, its size (in the upload's reply), a time-limited download URL that needs
/// no other credential and when it expires (UTC). <c>url</c> is null only when the Workbench knows no address to link to.
/// </summary>
public sealed record ConfigFileReply(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("size"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Size,
    [property: JsonPropertyName("url")] Uri? Url,
    [property: JsonPropertyName("expires_at")] DateTime? ExpiresAt)
{
    public static ConfigFileReply? Of(StoredConfigFile? file) =>
        file is null ? null : new ConfigFileReply(file.Name, file.Size, file.Link?.Url, file.Link?.ExpiresAt);
}

/// <summary><c>{ "success": true, "task_id": 42, "config_file": { … } }</c>.</summary>
public sealed record ConfigUploadReply(
    [property: JsonPropertyName("success")] bool Success,
    [property: JsonPropertyName("task_id")] long TaskId,
    [property: JsonPropertyName("config_file")] ConfigFileReply ConfigFile);

/// <summary>
/// The task's identity, <c>config_json</c> as a JSON value (null when it has none), <c>config_file</c> (null when it has
/// none) and <c>config_file_url</c>, the same URL under the name a start request uses.
/// </summary>
public sealed record ConfigGetReply(
    [property: JsonPropertyName("success")] bool Success,
    [property: JsonPropertyName("task_id")] long TaskId,
    [property: JsonPropertyName("task_name")] string TaskName,
    [property: JsonPropertyName("shadow_bot_account")] string ShadowBotAccount,
    [property: JsonPropertyName("app_name")] string AppName,
    [property: JsonPropertyName("config_json")] JsonElement? ConfigJson,
    [property: JsonPropertyName("config_file")] ConfigFileReply? ConfigFile,
    [property: JsonPropertyName("config_file_url")] Uri? ConfigFileUrl)
{
    public static ConfigGetReply Of(RobotTaskConfig config) => new(true, config.TaskId, config.TaskName, config.ShadowBotAccount, config.AppName,
        config.ConfigJson, ConfigFileReply.Of(config.ConfigFile), config.ConfigFile?.Link?.Url);
}
