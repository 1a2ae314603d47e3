using RpaWorkbench.Core.ApiKeys;
using System.Text.Json;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Web.Features.ApiDocs;

namespace RpaWorkbench.Web.Features.Storage;

/// <summary>
/// <c>POST /api/v1/resources/config/get</c> (the seed's config read): body <c>{"task_id": 42}</c> or
/// <c>{"shadow_bot_account": "…", "app_name": "…"}</c>, from a robot with an API key or a signed-in user. Answers the
/// task's <c>config_json</c> and a time-limited link to its config file (<see cref="ConfigGetReply"/>).
/// </summary>
public static class ConfigGetEndpoint
{
    public const string Path = "/api/v1/resources/config/get";
    public const int MaxBodyBytes = 16 * 1024;

    private static readonly string[] ByAccountFields = [TaskConfigService.AccountField, TaskConfigService.AppNameField];

    public static IEndpointConventionBuilder MapConfigGet(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost(Path, GetAsync)
            .RequireAuthorization(SecuritySetup.SessionOrApiKeyPolicy)
            .WithMetadata(new BodyLimitAttribute(MaxBodyBytes), new ApiRequestBody(typeof(ConfigGetBody)),
                new ApiExample("by_task", "By task id", """{ "task_id": 42 }"""),
                new ApiExample("by_account", "By account and app", """{ "shadow_bot_account": "tygj001", "app_name": "云仓收藏" }"""))
            .WithTags("Robot config")
            .Needs(ApiKeyScopes.Operator, robotsToo: true)
            .WithName("get-robot-config")
            .WithSummary("A task's config_json and a time-limited link to its config file")
            .Produces<ConfigGetReply>()
            .ProducesProblems([StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound], StatusCodes.Status401Unauthorized,
                StatusCodes.Status403Forbidden, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status503ServiceUnavailable);

    private static async Task<IResult> GetAsync(HttpContext context, TaskConfigService configs, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync(context.Request, MaxBodyBytes, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        RobotConfigQuery query;
        using (body)
        {
            var errors = new Dictionary<string, string[]>();
            query = Read(body!.RootElement, errors);
            if (errors.Count > 0)
            {
                return ApiProblems.Validation(context, errors, "One or more fields are invalid.");
            }
        }

        try
        {
            var config = await configs.GetRobotConfigAsync(query, RobotConfigProblems.RequestBase(context.Request), cancellationToken);
            return TypedResults.Json(ConfigGetReply.Of(config));
        }
        catch (Exception ex) when (RobotConfigProblems.For(context, ex, query.TaskId is null ? ByAccountFields : [TaskConfigService.TaskIdField]) is { } refused)
        {
            return refused;
        }
    }

    // Types only; which fields must be there is the Core's rule. task_id may be a number or a string of digits (the seed's ids were strings).
    private static RobotConfigQuery Read(JsonElement root, Dictionary<string, string[]> errors)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors["body"] = ["The body must be a JSON object."];
            return new RobotConfigQuery(null, null, null);
        }

        long? taskId = null;
        if (root.TryGetProperty(TaskConfigService.TaskIdField, out var id) && id.ValueKind != JsonValueKind.Null)
        {
            if ((id.ValueKind == JsonValueKind.Number && id.TryGetInt64(out var number))
                || (id.ValueKind == JsonValueKind.String && long.TryParse(id.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out number)))
            {
                taskId = number;
            }
            else
            {
                errors[TaskConfigService.TaskIdField] = ["task_id must be a positive integer."];
            }
        }

        return new RobotConfigQuery(taskId, Text(root, TaskConfigService.AccountField, errors), Text(root, TaskConfigService.AppNameField, errors));
    }

    private static string? Text(JsonElement root, string field, Dictionary<string, string[]> errors)
    {
        if (!root.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString();
        }

        errors[field] = [$"{field} must be a string."];
        return null;
    }
}
