using System.Text.Json;
using RpaWorkbench.Core.Robots.ShadowBot;

namespace RpaWorkbench.Core.Tasks;

/// <summary>
/// Validation of a task's ShadowBot settings against ShadowBot's job/start bounds, so a task that saves also starts.
/// Field names are the REST API's (<c>shadow_bot.robot_uuid</c>); the dialog and <see cref="TaskService"/> share them.
/// </summary>
public static class ShadowBotTaskRules
{
    public const int MinSeconds = 60;
    public const int MaxSeconds = 950_400;

    public const string RobotUuidField = "shadow_bot.robot_uuid";
    public const string GroupUuidField = "shadow_bot.group_uuid";
    public const string ExecuteScopeField = "shadow_bot.execute_scope";
    public const string PriorityField = "shadow_bot.priority";
    public const string WaitTimeoutField = "shadow_bot.wait_timeout_seconds";
    public const string FileParamField = "shadow_bot.file_param";

    /// <summary>Stable codes of the refusals below; the UI translates them.</summary>
    public const string InvalidUuidCode = "ShadowBotInvalidUuid";
    public const string TimeoutRangeCode = "ShadowBotTimeoutRange";
    public const string ScopeNeedsGroupCode = "ShadowBotScopeNeedsGroup";
    public const string FileParamNeedsFileCode = "ShadowBotFileParamNeedsFile";
    public const string ParamsTooLongCode = "ShadowBotParamsTooLong";
    public const string ConfigNotObjectCode = "ShadowBotConfigNotObject";
    public const string ParamInvalidCode = "ShadowBotParamInvalid";

    /// <summary>The settings trimmed, or null when nothing is set (the task then has no ShadowBot settings).</summary>
    public static ShadowBotTaskSettings? Normalize(ShadowBotTaskSettings? settings)
    {
        if (settings is null)
        {
            return null;
        }

        var trimmed = settings with
        {
            RobotUuid = Trimmed(settings.RobotUuid),
            GroupUuid = Trimmed(settings.GroupUuid),
            FileParam = Trimmed(settings.FileParam),
        };
        return trimmed == new ShadowBotTaskSettings() ? null : trimmed;
    }

    public static FieldError? CheckRobotUuid(string? uuid, bool required) =>
        required && string.IsNullOrWhiteSpace(uuid)
            ? new FieldError(RobotUuidField, ErrorCodes.Required, "ShadowBot mode starts runs as jobs of a ShadowBot app: set the app's UUID (robot_uuid).")
            : CheckUuid(RobotUuidField, uuid);

    public static FieldError? CheckGroupUuid(string? uuid) => CheckUuid(GroupUuidField, uuid);

    public static FieldError? CheckWaitTimeout(int? seconds) => CheckSeconds(WaitTimeoutField, seconds);

    public static FieldError? CheckFileParam(string? name)
    {
        var text = Trimmed(name);
        return text is { Length: > ShadowBotTaskSettings.MaxParamNameLength }
            ? new FieldError(FileParamField, ErrorCodes.TooLong,
                $"The file parameter name must be at most {ShadowBotTaskSettings.MaxParamNameLength} characters.", ShadowBotTaskSettings.MaxParamNameLength)
            : null;
    }

    /// <summary>
    /// Every refusal of the (normalized) settings together with the task's other fields: the run timeout is sent as
    /// ShadowBot's runTimeout, and the config JSON (already valid JSON) becomes the job's params.
    /// </summary>
    public static IReadOnlyList<FieldError> Validate(ShadowBotTaskSettings? settings, bool robotRequired, string? configJson, bool hasConfigFile, TimeSpan? runTimeout)
    {
        if (settings is null)
        {
            return CheckRobotUuid(null, robotRequired) is { } missing ? [missing] : [];
        }

        var errors = new List<FieldError?>
        {
            CheckRobotUuid(settings.RobotUuid, robotRequired),
            CheckGroupUuid(settings.GroupUuid),
            settings.ExecuteScope is not null && settings.GroupUuid is null
                ? new FieldError(ExecuteScopeField, ScopeNeedsGroupCode, "The execute scope (any or all) applies to a robot group only; choose a group or clear it.")
                : null,
            CheckWaitTimeout(settings.WaitTimeoutSeconds),
            CheckFileParam(settings.FileParam),
            settings.FileParam is not null && !hasConfigFile
                ? new FieldError(FileParamField, FileParamNeedsFileCode,
                    "The file parameter receives the task's config file: upload a config file, or leave the file parameter empty.")
                : null,
            settings.RobotUuid is not null && runTimeout is { } timeout ? CheckSeconds(TaskRules.RunTimeoutField, (long)Math.Ceiling(timeout.TotalSeconds)) : null,
        };
        if (settings.RobotUuid is not null)
        {
            errors.AddRange(CheckParams(configJson, settings.FileParam));
        }

        return errors.OfType<FieldError>().ToList();
    }

    // The config JSON must map to params (ShadowBotParams names the bad property) and fit ShadowBot's length limit.
    private static IEnumerable<FieldError> CheckParams(string? configJson, string? fileParam)
    {
        IReadOnlyList<ShadowBotParam> parameters;
        try
        {
            using var document = string.IsNullOrWhiteSpace(configJson) ? null : JsonDocument.Parse(configJson);
            parameters = ShadowBotParams.FromConfig(document?.RootElement);
        }
        catch (ValidationFailedException ex)
        {
            // Codes of their own, so the dialog can say what a ShadowBot parameter must look like.
            return ex.Errors.Select(e => e with { Code = e.Field == TaskRules.ConfigJsonField ? ConfigNotObjectCode : ParamInvalidCode });
        }

        // The file parameter's fileKey is not known before the upload; its name and type are counted.
        var sent = fileParam is null ? parameters : [.. parameters, new ShadowBotParam(fileParam, "", "file")];
        return ShadowBotJobStartValidation.ParamsLength(sent) > ShadowBotJobStartValidation.MaxParamsLength
            ? [new FieldError(TaskRules.ConfigJsonField, ParamsTooLongCode,
                $"As ShadowBot parameters the config JSON is longer than the {ShadowBotJobStartValidation.MaxParamsLength} characters ShadowBot accepts.",
                ShadowBotJobStartValidation.MaxParamsLength)]
            : [];
    }

    private static FieldError? CheckUuid(string field, string? uuid)
    {
        var text = Trimmed(uuid);
        if (text is null)
        {
            return null;
        }

        if (text.Length > ShadowBotTaskSettings.MaxUuidLength)
        {
            return new FieldError(field, ErrorCodes.TooLong, $"A ShadowBot UUID is at most {ShadowBotTaskSettings.MaxUuidLength} characters.", ShadowBotTaskSettings.MaxUuidLength);
        }

        return text.Any(char.IsWhiteSpace)
            ? new FieldError(field, InvalidUuidCode, "A ShadowBot UUID has no spaces: copy it from the ShadowBot console.")
            : null;
    }

    private static FieldError? CheckSeconds(string field, long? seconds) => seconds is < MinSeconds or > MaxSeconds
        ? new FieldError(field, TimeoutRangeCode, $"ShadowBot accepts {MinSeconds} to {MaxSeconds} seconds (1 minute to 11 days).")
        : null;

    private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
