using System.ComponentModel;
using System.Text.Json.Serialization;
using RpaWorkbench.Core.Tasks;

namespace RpaWorkbench.Web.Features.Storage;

// The robot config routes' request bodies as the OpenAPI document shows them; the endpoints read them by hand.

/// <summary><c>POST /api/v1/resources/config/get</c>: a task by its id, or by its account and app.</summary>
public sealed record ConfigGetBody
{
    [JsonPropertyName(TaskConfigService.TaskIdField), Description("The task (also as a digit string); or give shadow_bot_account and app_name.")]
    public long? TaskId { get; init; }

    [JsonPropertyName(TaskConfigService.AccountField)]
    public string? ShadowBotAccount { get; init; }

    [JsonPropertyName(TaskConfigService.AppNameField)]
    public string? AppName { get; init; }
}

/// <summary><c>POST /api/v1/resources/upload/config</c>: multipart/form-data with the task and the file.</summary>
public sealed record ConfigUploadForm
{
    [JsonPropertyName(ConfigUploadEndpoint.TaskIdField), Description("The task, a positive integer.")]
    public required long TaskId { get; init; }

    [JsonPropertyName(ConfigUploadEndpoint.FileField), Description("The config file (also accepted as the field config_file).")]
    public required IFormFile File { get; init; }
}
