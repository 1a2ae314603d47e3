using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Core.Workflows;
using RpaWorkbench.Core.Workflows.Definitions;
using RpaWorkbench.Web.Features.ApiDocs;
using RpaWorkbench.Web.Infrastructure.Api;

namespace RpaWorkbench.Web.Features.Workflows;

/// <summary>
/// <c>/api/v1/workflows</c>: workflow definitions as the workflow editor saves them, through <see cref="WorkflowService"/>
/// (docs/api-rest-workflows.md). The body is flat — name, description, schedule, inputs, steps — so a refused field is
/// named as sent (<c>steps[2].task.parameters.region</c>). The <c>ETag</c> is the workflow's version.
/// </summary>
public static class WorkflowsApi
{
    public const string SearchField = "search";

    public static void MapWorkflowsApi(this IEndpointRouteBuilder endpoints)
    {
        var workflows = endpoints.MapRestGroup("/workflows", "Workflows");
        workflows.MapGet("", ListAsync).Needs(ApiKeyScopes.Viewer).WithName("list-workflows")
            .WithSummary("Workflows by name, with their newest version, step count, schedule, last run and open runs, paged")
            .ProducesProblems([StatusCodes.Status422UnprocessableEntity]);
        workflows.MapGet("/{id:long}", GetAsync).Needs(ApiKeyScopes.Viewer).WithName("get-workflow")
            .WithSummary("One workflow with its newest definition, with its version as ETag")
            .ProducesProblems([], StatusCodes.Status404NotFound);
        workflows.MapPost("", CreateAsync).Needs(ApiKeyScopes.Operator).WithName("create-workflow")
            .WithSummary("Create a workflow (names are unique); its definition becomes version 1")
            .ReadsJson<WorkflowRequest>().Produces<WorkflowDetail>(StatusCodes.Status201Created);
        workflows.MapPut("/{id:long}", UpdateAsync).Needs(ApiKeyScopes.Operator).WithName("update-workflow")
            .WithSummary("Change a workflow; a changed definition becomes the next version (runs keep theirs); If-Match guards against overwriting")
            .ReadsJson<WorkflowRequest>().Produces<WorkflowDetail>()
            .ProducesProblems([], StatusCodes.Status404NotFound, StatusCodes.Status412PreconditionFailed);
        workflows.MapDelete("/{id:long}", DeleteAsync).Needs(ApiKeyScopes.Operator).WithName("delete-workflow")
            .WithSummary("Delete a workflow with its versions and runs; refused (409) while a run is running or paused")
            .ProducesProblems([], StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        workflows.MapGet("/{id:long}/versions", VersionsAsync).Needs(ApiKeyScopes.Viewer).WithName("list-workflow-versions")
            .WithSummary("A workflow's saved versions, newest first")
            .ProducesProblems([], StatusCodes.Status404NotFound);
        workflows.MapGet("/{id:long}/versions/{number:int}", GetVersionAsync).Needs(ApiKeyScopes.Viewer).WithName("get-workflow-version")
            .WithSummary("A workflow with the definition of one of its versions")
            .ProducesProblems([], StatusCodes.Status404NotFound);
    }

    private static async Task<Ok<ApiPage<WorkflowRow>>> ListAsync(HttpRequest request, WorkflowService workflows, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        var paging = ApiPaging.Read(request, WorkflowQuery.MaxPageSize, errors);
        var query = new WorkflowQuery { Search = QueryValues.Text(request, SearchField), Page = paging.Index, PageSize = paging.PageSize };
        QueryValues.ThrowIfAny(errors);
        return TypedResults.Ok(paging.Of(await workflows.ListAsync(query, cancellationToken), row => row));
    }

    private static async Task<Ok<WorkflowDetail>> GetAsync(long id, HttpContext context, WorkflowService workflows, CancellationToken cancellationToken)
    {
        var workflow = await workflows.GetAsync(id, null, cancellationToken) ?? throw NotFound(id);
        return Tagged(context, TypedResults.Ok(workflow), workflow);
    }

    private static async Task<Ok<WorkflowDetail>> GetVersionAsync(long id, int number, HttpContext context, WorkflowService workflows, CancellationToken cancellationToken)
    {
        var workflow = await workflows.GetAsync(id, number, cancellationToken)
            ?? throw new RuleViolationException(ErrorCodes.NotFound, $"Workflow {id} has no version {number} (or does not exist).");
        return Tagged(context, TypedResults.Ok(workflow), workflow);
    }

    private static async Task<Ok<IReadOnlyList<WorkflowVersionRow>>> VersionsAsync(long id, WorkflowService workflows, CancellationToken cancellationToken) =>
        TypedResults.Ok(await workflows.VersionsAsync(id, cancellationToken) ?? throw NotFound(id));

    private static Task<IResult> CreateAsync(HttpContext context, WorkflowService workflows, CancellationToken cancellationToken) =>
        RestBody.ThenAsync<WorkflowRequest>(context, async body =>
        {
            var workflow = await workflows.CreateAsync(body.ToInput(version: null), cancellationToken);
            return Tagged(context, TypedResults.Created($"{RestApi.Prefix}/workflows/{workflow.Id}", workflow), workflow);
        });

    private static Task<IResult> UpdateAsync(long id, HttpContext context, WorkflowService workflows, CancellationToken cancellationToken)
    {
        var version = ETags.IfMatchVersion(context.Request);
        return RestBody.ThenAsync<WorkflowRequest>(context, async body =>
        {
            var workflow = await workflows.UpdateAsync(id, body.ToInput(version), cancellationToken);
            return Tagged(context, TypedResults.Ok(workflow), workflow);
        });
    }

    private static async Task<NoContent> DeleteAsync(long id, WorkflowService workflows, CancellationToken cancellationToken)
    {
        await workflows.DeleteAsync(id, cancellationToken);
        return TypedResults.NoContent();
    }

    private static T Tagged<T>(HttpContext context, T result, WorkflowDetail workflow) =>
        ETags.Tagged(context, result, workflow.Version.ToString(CultureInfo.InvariantCulture));

    private static RuleViolationException NotFound(long id) => new(ErrorCodes.NotFound, $"Workflow {id} does not exist (it may have been deleted).");
}

/// <summary>The body of <c>POST</c> and <c>PUT /api/v1/workflows</c>: the workflow and its definition's inputs and steps.</summary>
public sealed record WorkflowRequest
{
    // [Required] marks the fields so in the document only; a missing one is the Core's to refuse (422 naming it).
    [Required]
    public string? Name { get; init; }

    public string? Description { get; init; }

    /// <summary>A 5-field cron expression in the operators' time zone; null or absent: started by hand only.</summary>
    public string? Schedule { get; init; }

    public IReadOnlyList<TaskParameter>? Inputs { get; init; }

    [Required]
    public IReadOnlyList<WorkflowStep>? Steps { get; init; }

    public WorkflowInput ToInput(int? version) =>
        new(Name, Description, Schedule, new WorkflowDefinition { Inputs = Inputs ?? [], Steps = Steps ?? [] }, version);
}
