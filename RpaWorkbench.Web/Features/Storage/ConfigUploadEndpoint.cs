using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Core.Storage;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Web.Features.ApiDocs;
using RpaWorkbench.Web.Infrastructure.Api;

namespace RpaWorkbench.Web.Features.Storage;

/// <summary>
/// <c>POST /api/v1/resources/upload/config</c> (the seed's upload): multipart/form-data with <c>task_id</c> and the file
/// in <c>file</c>, from a robot with an API key or an operator's session. The file becomes the task's config file under
/// the rules of the task dialog; errors name the form field (<c>task_id</c>, <c>file</c>); a file over the size limit,
/// or a body over it, is 413.
/// </summary>
public static class ConfigUploadEndpoint
{
    public const string Path = "/api/v1/resources/upload/config";
    public const string TaskIdField = TaskConfigService.TaskIdField;
    public const string FileField = "file";

    /// <summary>Room for the multipart framing and the task id around the largest allowed file.</summary>
    public const long MultipartOverhead = 64 * 1024;

    public static IEndpointConventionBuilder MapConfigUpload(this IEndpointRouteBuilder endpoints)
    {
        var limit = endpoints.ServiceProvider.GetRequiredService<IOptions<StorageOptions>>().Value.MaxConfigFileBytes + MultipartOverhead;
        // No AcceptsMetadata (for either robot API): routing would answer a wrong content type itself, through an endpoint
        // that knows no API keys (401 instead of 415). The handlers check the content type.
        return endpoints.MapPost(Path, UploadAsync)
            .RequireAuthorization(SecuritySetup.SessionOrApiKeyPolicy)
            .WithMetadata(new BodyLimitAttribute(limit), new ApiRequestBody(typeof(ConfigUploadForm), "multipart/form-data"))
            .WithTags("Robot config")
            .Needs(ApiKeyScopes.Operator, robotsToo: true)
            .WithName("upload-config-file")
            .WithSummary("Replace a task's config file")
            .Produces<ConfigUploadReply>()
            .ProducesProblems([StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge],
                StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<IResult> UploadAsync(
        HttpContext context, TaskConfigService configs, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var (form, unreadable) = await MultipartForm.ReadAsync(context, $"'{TaskIdField}' and '{FileField}'", cancellationToken);
        if (unreadable is not null)
        {
            return unreadable;
        }

        var (taskId, file, errors) = Read(form!);
        if (errors.Count > 0)
        {
            return ApiProblems.Validation(context, errors, "One or more fields are invalid; nothing was stored.");
        }

        var upload = file!;
        try
        {
            await using var content = upload.OpenReadStream();
            var stored = await configs.ReplaceConfigFileAsync(taskId, upload.FileName, content, upload.Length,
                RobotConfigProblems.RequestBase(request), cancellationToken);
            return TypedResults.Json(new ConfigUploadReply(true, taskId, ConfigFileReply.Of(stored)!));
        }
        catch (Exception ex) when (RobotConfigProblems.For(context, ex, [TaskIdField],
                                       new Dictionary<string, string> { [ConfigFileRules.Field] = upload.Name }) is { } problem)
        {
            if (ex is ObjectStoreUnavailableException)
            {
                loggers.CreateLogger(typeof(ConfigUploadEndpoint)).LogWarning(ex, "Config file upload for task {TaskId} failed: storage unavailable", taskId);
            }

            return problem;
        }
    }

    // The file may come as 'file' (the seed) or 'config_file' (the task's field); errors name the field it came in.
    private static (long TaskId, IFormFile? File, Dictionary<string, string[]> Errors) Read(IFormCollection form)
    {
        var errors = new Dictionary<string, string[]>();
        var text = form[TaskIdField].ToString().Trim();
        if (text.Length == 0)
        {
            errors[TaskIdField] = ["task_id is required."];
        }
        else if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed <= 0)
        {
            errors[TaskIdField] = ["task_id must be a positive integer."];
        }

        var file = form.Files.GetFile(FileField) ?? form.Files.GetFile(ConfigFileRules.Field);
        if (file is null)
        {
            errors[FileField] = [$"Attach the config file as the form field '{FileField}'."];
        }

        return (errors.Count == 0 ? long.Parse(text, CultureInfo.InvariantCulture) : 0, file, errors);
    }
}
