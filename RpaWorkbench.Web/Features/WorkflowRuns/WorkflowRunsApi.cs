using Microsoft.AspNetCore.Http.HttpResults;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Core.Workflows;
using RpaWorkbench.Core.Workflows.Runs;
using RpaWorkbench.Web.Features.ApiDocs;
using RpaWorkbench.Web.Features.Tasks;
using RpaWorkbench.Web.Infrastructure.Api;

namespace RpaWorkbench.Web.Features.WorkflowRuns;

/// <summary>
/// <c>/api/v1/workflow-runs</c> and <c>POST /api/v1/workflows/{id}/runs</c>: runs as the run pages show and act on
/// them, through <see cref="WorkflowRunReads"/> and <see cref="WorkflowRunService"/> (docs/api-rest-workflow-runs.md).
/// An action the run's state does not allow is 409 with its code; a bad input is 422 naming <c>inputs.&lt;name&gt;</c>.
/// </summary>
public static class WorkflowRunsApi
{
    public const string WorkflowIdField = "workflow_id";
    public const string StateField = "state";
    public const string TriggerField = "trigger";
    public const string FromField = "from";
    public const string ToField = "to";
    public const string AfterIdField = "after_id";

    private static readonly int[] ActionProblems = [StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status412PreconditionFailed];

    public static void MapWorkflowRunsApi(this IEndpointRouteBuilder endpoints)
    {
        var workflows = endpoints.MapRestGroup("/workflows", "Workflow runs");
        workflows.MapPost("/{id:long}/runs", StartAsync).Needs(ApiKeyScopes.Operator).WithName("start-workflow-run")
            .WithSummary("Start a run of the workflow's newest version with its inputs (defaults fill the ones left out)")
            .ReadsJson<WorkflowInputsRequest>()
            .Produces<WorkflowRunResource>(StatusCodes.Status201Created)
            .ProducesProblems([], StatusCodes.Status404NotFound);

        var runs = endpoints.MapRestGroup("/workflow-runs", "Workflow runs");
        runs.MapGet("", ListAsync).Needs(ApiKeyScopes.Viewer).WithName("list-workflow-runs")
            .WithSummary("Workflow runs, newest first, with their progress; filter by workflow, state, trigger and start time, paged")
            .TakesQuery(
                (WorkflowIdField, "Runs of this workflow."),
                (StateField, "running, pausing, paused, succeeded, failed or cancelled."),
                (TriggerField, "manual, api, mcp or schedule."),
                (FromField, "Runs started at or after this ISO-8601 instant (UTC without an offset)."),
                (ToField, "Runs started before this ISO-8601 instant."),
                (ApiPaging.PageField, "Page number, from 1."),
                (ApiPaging.PageSizeField, "Runs per page, 1-200 (default 20)."))
            .ProducesProblems([StatusCodes.Status422UnprocessableEntity]);
        runs.MapGet("/{id:long}", GetAsync).Needs(ApiKeyScopes.Viewer).WithName("get-workflow-run")
            .WithSummary("One run: inputs, definition, every step's attempts (inputs, outputs, error, decision), progress and ETA")
            .ProducesProblems([], StatusCodes.Status404NotFound);
        runs.MapGet("/{id:long}/logs", LogsAsync).Needs(ApiKeyScopes.Viewer).WithName("list-workflow-run-logs")
            .WithSummary("A run's log lines in order (at most 1000); after_id returns only the lines after that one")
            .TakesQuery((AfterIdField, "Only lines with a greater id (the last id you have)."))
            .ProducesProblems([StatusCodes.Status422UnprocessableEntity], StatusCodes.Status404NotFound);
        MapAction(runs, "pause", "Pause a running run when its current step ends", (s, id, _, ct) => s.PauseAsync(id, ct));
        MapAction(runs, "resume", "Resume a paused run (or withdraw a pause not yet taken)", (s, id, _, ct) => s.ResumeAsync(id, ct));
        MapAction(runs, "cancel", "Cancel an open run: its open step is cancelled and a robot run in flight asked to stop", (s, id, _, ct) => s.CancelAsync(id, ct));
        MapBodyAction<WorkflowInputsRequest>(runs, "restart", "Run a failed run again from its failed step, with edited inputs when given",
            (s, id, body, ct) => s.RestartAsync(id, body is { Inputs: not null } ? InputValues(body) : null, ct));
        MapBodyAction<WorkflowDecisionRequest>(runs, "approve", "Approve the step awaiting approval, with a comment",
            (s, id, body, ct) => s.DecideAsync(id, approve: true, body?.Comment, ct));
        MapBodyAction<WorkflowDecisionRequest>(runs, "reject", "Reject the step awaiting approval, with a comment (the step fails)",
            (s, id, body, ct) => s.DecideAsync(id, approve: false, body?.Comment, ct));
    }

    private static void MapAction(RouteGroupBuilder runs, string action, string summary,
        Func<WorkflowRunService, long, object?, CancellationToken, Task<WorkflowRun>> act) =>
        runs.MapPost($"/{{id:long}}/{action}", async (long id, WorkflowRunService service, WorkflowRunReads reads, CancellationToken cancellationToken) =>
                await ReadBackAsync(reads, (await act(service, id, null, cancellationToken)).Id, cancellationToken))
            .Needs(ApiKeyScopes.Operator).WithName($"{action}-workflow-run").WithSummary(summary)
            .ProducesProblems([], ActionProblems);

    // The body is optional: none (or an empty one) acts without it.
    private static void MapBodyAction<TBody>(RouteGroupBuilder runs, string action, string summary,
        Func<WorkflowRunService, long, TBody?, CancellationToken, Task<WorkflowRun>> act) where TBody : class =>
        runs.MapPost($"/{{id:long}}/{action}", async (long id, HttpContext context, WorkflowRunService service, WorkflowRunReads reads, CancellationToken cancellationToken) =>
                await WithOptionalBodyAsync<TBody>(context, async body =>
                    TypedResults.Ok(await ReadBackAsync(reads, (await act(service, id, body, cancellationToken)).Id, cancellationToken))))
            .Needs(ApiKeyScopes.Operator).WithName($"{action}-workflow-run").WithSummary(summary)
            .ReadsJson<TBody>().Produces<WorkflowRunResource>()
            .ProducesProblems([], ActionProblems);

    private static async Task<IResult> StartAsync(long id, HttpContext context, WorkflowRunService service, WorkflowRunReads reads, CancellationToken cancellationToken) =>
        await WithOptionalBodyAsync<WorkflowInputsRequest>(context, async body =>
        {
            var run = await service.StartAsync(id, body is null ? null : InputValues(body), WorkflowTrigger.Api, cancellationToken);
            return TypedResults.Created($"{RestApi.Prefix}/workflow-runs/{run.Id}", await ReadBackAsync(reads, run.Id, cancellationToken));
        });

    private static async Task<Ok<ApiPage<WorkflowRunRowResource>>> ListAsync(HttpRequest request, WorkflowRunReads reads, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        var paging = ApiPaging.Read(request, WorkflowRunQuery.MaxPageSize, errors);
        var query = new WorkflowRunQuery
        {
            WorkflowId = QueryValues.Text(request, WorkflowIdField) is null ? null : QueryValues.Number(request, WorkflowIdField, 0, 1, int.MaxValue, errors),
            Status = QueryValues.Enum<WorkflowRunStatus>(request, StateField, errors),
            Trigger = QueryValues.Enum<WorkflowTrigger>(request, TriggerField, errors),
            StartedFrom = QueryValues.Instant(request, FromField, errors),
            StartedTo = QueryValues.Instant(request, ToField, errors),
            Page = paging.Index,
            PageSize = paging.PageSize,
        };
        QueryValues.ThrowIfAny(errors);
        return TypedResults.Ok(paging.Of(await reads.ListAsync(query, cancellationToken), WorkflowRunRowResource.Of));
    }

    private static async Task<Ok<WorkflowRunResource>> GetAsync(long id, WorkflowRunReads reads, CancellationToken cancellationToken) =>
        TypedResults.Ok(await ReadBackAsync(reads, id, cancellationToken));

    private static async Task<Ok<IReadOnlyList<WorkflowLogEntry>>> LogsAsync(long id, HttpRequest request, WorkflowRunReads reads, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        long? after = QueryValues.Text(request, AfterIdField) is null ? null : QueryValues.Number(request, AfterIdField, 0, 0, int.MaxValue, errors);
        QueryValues.ThrowIfAny(errors);
        return TypedResults.Ok(await reads.LogsAsync(id, after, cancellationToken));
    }

    private static async Task<WorkflowRunResource> ReadBackAsync(WorkflowRunReads reads, long id, CancellationToken cancellationToken) =>
        WorkflowRunResource.Of(await reads.GetAsync(id, cancellationToken) ?? throw WorkflowRunReads.RunNotFound(id));

    private static IReadOnlyDictionary<string, string?> InputValues(WorkflowInputsRequest body) =>
        StartTaskRequest.TextValues(body.Inputs, name => $"{WorkflowErrorCodes.InputsField}.{name}");

    private static async Task<IResult> WithOptionalBodyAsync<TBody>(HttpContext context, Func<TBody?, Task<IResult>> write) where TBody : class =>
        context.Request.ContentLength == 0 || (context.Request.ContentLength is null && context.Request.ContentType is null)
            ? await write(null)
            : await RestBody.ThenAsync<TBody>(context, async body => await write(body));
}
