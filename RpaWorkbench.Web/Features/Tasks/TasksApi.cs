using Microsoft.AspNetCore.Http.HttpResults;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Web.Features.ApiDocs;
using RpaWorkbench.Web.Infrastructure.Api;

namespace RpaWorkbench.Web.Features.Tasks;

/// <summary>
/// <c>/api/v1/tasks</c>: tasks as the tasks page lists, edits and runs them, through <see cref="TaskService"/> and
/// <see cref="TaskRunService"/> (docs/api-rest-accounts-tasks.md). The actions answer 200 with the task as the action
/// left it: the Core has done its part (the robot accepted the start or stop) before it returns.
/// </summary>
public static class TasksApi
{
    public const string SearchField = "search";
    public const string StatusField = "status";

    private static readonly int[] ActionProblems = [StatusCodes.Status404NotFound, StatusCodes.Status409Conflict];

    public static void MapTasksApi(this IEndpointRouteBuilder endpoints)
    {
        var tasks = endpoints.MapRestGroup("/tasks", "Tasks");
        tasks.MapGet("", ListAsync).Needs(ApiKeyScopes.Viewer).WithName("list-tasks")
            .WithSummary("Tasks, searched, filtered by status, sorted and paged as on the tasks page").WithMetadata(TaskExamples.List)
            .ProducesProblems([StatusCodes.Status422UnprocessableEntity]);
        tasks.MapGet("/{id:long}", GetAsync).Needs(ApiKeyScopes.Viewer).WithName("get-task")
            .WithSummary("One task, with its version as ETag").WithMetadata(TaskExamples.One)
            .ProducesProblems([], StatusCodes.Status404NotFound);
        tasks.MapPost("", CreateAsync).Needs(ApiKeyScopes.Operator).WithName("create-task")
            .WithSummary("Create a task on a registered account (its config file is uploaded separately)")
            .ReadsJson<TaskRequest>([.. TaskExamples.Body, .. TaskExamples.Created]).Produces<TaskResource>(StatusCodes.Status201Created);
        tasks.MapPut("/{id:long}", UpdateAsync).Needs(ApiKeyScopes.Operator).WithName("update-task")
            .WithSummary("Replace a task's fields; If-Match guards against overwriting someone else's change")
            .ReadsJson<TaskRequest>([.. TaskExamples.Body, .. TaskExamples.Updated]).Produces<TaskResource>()
            .ProducesProblems([], StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status412PreconditionFailed);
        tasks.MapDelete("/{id:long}", DeleteAsync).Needs(ApiKeyScopes.Operator).WithName("delete-task")
            .WithSummary("Delete a task that is not running; its run logs are kept")
            .ProducesProblems([], ActionProblems);

        tasks.MapPost("/{id:long}/start", StartAsync).Needs(ApiKeyScopes.Operator).WithName("start-task")
            .WithSummary("Start a run now, with values for the task's parameters (optional body): the task is running once its robot accepted")
            .WithMetadata([new ApiRequestBody(typeof(StartTaskRequest), Required: false), new BodyLimitAttribute(RestApi.MaxBodyBytes), .. TaskExamples.Start]).Produces<TaskResource>()
            .ProducesProblems([StatusCodes.Status422UnprocessableEntity], [.. ActionProblems, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType]);
        MapAction(tasks, "stop", (runs, id, ct) => runs.StopAsync(id, ct))
            .WithSummary("Ask the robot to stop the run: the task is stopping until the robot reports the end");
        MapAction(tasks, "force-stop", (runs, id, ct) => runs.ForceStopAsync(id, ct))
            .WithSummary("End the run on the Workbench side at once (the task is pending, the run logged as stopped)");
        tasks.MapPost("/{id:long}/run-again", RunAgainAsync)
            .Needs(ApiKeyScopes.Operator).WithName("run-again-task")
            .WithSummary("Start the task again after its last run failed, was stopped, timed out or was lost").ProducesProblems([], ActionProblems);
    }

    private static RouteHandlerBuilder MapAction(RouteGroupBuilder tasks, string action, Func<TaskRunService, long, CancellationToken, Task> run) =>
        tasks.MapPost($"/{{id:long}}/{action}", (long id, HttpContext context, TaskRunService runs, TaskService service, CancellationToken ct) =>
                ActAsync(id, context, service, () => run(runs, id, ct), ct))
            .Needs(ApiKeyScopes.Operator).WithName(action + "-task").ProducesProblems([], ActionProblems);

    // No body (or an empty one) starts with the defaults, as the tasks page's Start does.
    private static async Task<IResult> StartAsync(long id, HttpContext context, TaskRunService runs, TaskService tasks, CancellationToken cancellationToken)
    {
        if (context.Request.ContentLength == 0 || (context.Request.ContentLength is null && context.Request.ContentType is null))
        {
            return await ActAsync(id, context, tasks, () => runs.StartAsync(id, cancellationToken), cancellationToken);
        }

        return await RestBody.ThenAsync<StartTaskRequest>(context, async body =>
            await ActAsync(id, context, tasks, () => runs.StartAsync(id, body.Values(), cancellationToken), cancellationToken));
    }

    private static async Task<Ok<ApiPage<TaskResource>>> ListAsync(HttpRequest request, TaskService tasks, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        var paging = ApiPaging.Read(request, TaskQuery.MaxPageSize, errors);
        var (sort, descending) = ApiSorting.Read(request, TaskSort.TaskName, errors);
        var query = new TaskQuery
        {
            Search = QueryValues.Text(request, SearchField),
            Status = QueryValues.Enum<RobotTaskStatus>(request, StatusField, errors),
            SortBy = sort,
            Descending = descending,
            Page = paging.Index,
            PageSize = paging.PageSize,
        };
        QueryValues.ThrowIfAny(errors);
        return TypedResults.Ok(paging.Of(await tasks.ListAsync(query, cancellationToken), TaskResource.Of));
    }

    private static async Task<Ok<TaskResource>> GetAsync(long id, HttpContext context, TaskService tasks, CancellationToken cancellationToken) =>
        Tagged(context, await FindAsync(tasks, id, cancellationToken));

    private static Task<IResult> CreateAsync(HttpContext context, TaskService tasks, CancellationToken cancellationToken) =>
        RestBody.ThenAsync<TaskRequest>(context, async body =>
        {
            var task = TaskResource.Of(await NamingSecondsAsync(() => tasks.CreateAsync(body.ToInput(version: null), cancellationToken)));
            return ETags.Tagged(context, TypedResults.Created($"{RestApi.Prefix}/tasks/{task.Id}", task), task.Version);
        });

    private static Task<IResult> UpdateAsync(long id, HttpContext context, TaskService tasks, CancellationToken cancellationToken)
    {
        var version = ETags.IfMatch(context.Request);
        return RestBody.ThenAsync<TaskRequest>(context, async body =>
            Tagged(context, TaskResource.Of(await NamingSecondsAsync(() => tasks.UpdateAsync(id, body.ToInput(version), cancellationToken)))));
    }

    private static async Task<NoContent> DeleteAsync(long id, TaskService tasks, CancellationToken cancellationToken)
    {
        await tasks.DeleteAsync(id, cancellationToken);
        return TypedResults.NoContent();
    }

    // "Run again" on the tasks page repeats the task's latest run; the Core checks that run may be repeated. The role is
    // checked first, as the Core's own action would, so a viewer is refused before learning whether the task ever ran.
    private static async Task<Ok<TaskResource>> RunAgainAsync(
        long id, HttpContext context, ICurrentUser user, TaskService tasks, TaskRunService runs, CancellationToken cancellationToken)
    {
        user.RequireOperate();
        var task = await FindAsync(tasks, id, cancellationToken);
        var lastRun = task.LastLogId ?? throw new RuleViolationException(TaskErrorCodes.RunNotRepeatable, "The task has not run yet; start it instead.");
        return await ActAsync(id, context, tasks, () => runs.RunAgainAsync(lastRun, cancellationToken), cancellationToken);
    }

    private static async Task<Ok<TaskResource>> ActAsync(long id, HttpContext context, TaskService tasks, Func<Task> action, CancellationToken cancellationToken)
    {
        await action();
        return Tagged(context, await FindAsync(tasks, id, cancellationToken));
    }

    // The Core names the time-out "run_timeout" (a TimeSpan); this API takes it in seconds, under the name the caller sent.
    private static async Task<TaskRow> NamingSecondsAsync(Func<Task<TaskRow>> write)
    {
        try
        {
            return await write();
        }
        catch (ValidationFailedException ex) when (ex.Errors.Any(e => e.Field == TaskRules.RunTimeoutField))
        {
            throw new ValidationFailedException([.. ex.Errors.Select(e => e.Field == TaskRules.RunTimeoutField ? e with { Field = TaskRequest.RunTimeoutSecondsField } : e)]);
        }
    }

    private static async Task<TaskResource> FindAsync(TaskService tasks, long id, CancellationToken cancellationToken) =>
        TaskResource.Of(await tasks.GetAsync(id, cancellationToken)
            ?? throw new RuleViolationException(ErrorCodes.NotFound, $"Task {id} does not exist (it may have been deleted)."));

    private static Ok<TaskResource> Tagged(HttpContext context, TaskResource task) => ETags.Tagged(context, TypedResults.Ok(task), task.Version);
}
