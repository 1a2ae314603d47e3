using Microsoft.AspNetCore.Http.HttpResults;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Core.Batches;
using RpaWorkbench.Web.Features.ApiDocs;
using RpaWorkbench.Web.Infrastructure.Api;

namespace RpaWorkbench.Web.Features.Batches;

/// <summary>
/// <c>/api/v1/batches</c>: batches as the batch pages show and act on them, through <see cref="BatchService"/>
/// (docs/api-rest-batches.md), and <c>/api/v1/tasks/{id}/batch-template</c>. An upload is multipart/form-data; a
/// refused sheet is 422 with every error's row, column, value and message.
/// </summary>
public static class BatchesApi
{
    public const string StateField = "state";
    public const string TaskIdField = "task_id";
    public const string FormatField = "format";
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>Room for the multipart framing and the settings around the largest sheet.</summary>
    public const long MultipartOverhead = 64 * 1024;

    private static readonly int[] ActionProblems = [StatusCodes.Status404NotFound, StatusCodes.Status409Conflict];

    public static void MapBatchesApi(this IEndpointRouteBuilder endpoints)
    {
        var maxUpload = endpoints.ServiceProvider.GetRequiredService<IOptions<BatchOptions>>().Value.MaxFileSizeBytes + MultipartOverhead;
        var batches = endpoints.MapRestGroup("/batches", "Batches");
        batches.MapGet("", ListAsync).Needs(ApiKeyScopes.Viewer).WithName("list-batches")
            .WithSummary("Batches, newest first, with their items' counts per state; filter by state and task, paged")
            .ProducesProblems([StatusCodes.Status422UnprocessableEntity]);
        batches.MapPost("", BatchUploads.CreateAsync).Needs(ApiKeyScopes.Operator).WithName("create-batch")
            .WithSummary("Upload an .xlsx or .csv sheet of a task's parameters: every row is checked, then each becomes a queued run")
            .WithMetadata(new BodyLimitAttribute(maxUpload), new ApiRequestBody(typeof(BatchUploadForm), "multipart/form-data"))
            .Produces<BatchUploadReply>(StatusCodes.Status201Created)
            .Produces<BatchRefusal>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")
            .ProducesProblems([], StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType);
        batches.MapGet("/{id:long}", GetAsync).Needs(ApiKeyScopes.Viewer).WithName("get-batch")
            .WithSummary("One batch: counts per item state, pace (items a minute over the last 10 minutes) and expected time to finish")
            .ProducesProblems([], StatusCodes.Status404NotFound);
        batches.MapGet("/{id:long}/items", ItemsAsync).Needs(ApiKeyScopes.Viewer).WithName("list-batch-items")
            .WithSummary("A batch's items in row order: values, state, attempts, last error, outputs; filter by state, paged")
            .ProducesProblems([StatusCodes.Status422UnprocessableEntity], StatusCodes.Status404NotFound);
        MapAction(batches, "pause", "Stop dispatching a running batch's items (runs in flight finish)", (s, id, ct) => s.PauseAsync(id, ct));
        MapAction(batches, "resume", "Dispatch a paused batch's items again", (s, id, ct) => s.ResumeAsync(id, ct));
        MapAction(batches, "cancel", "Cancel a batch: waiting items are cancelled, runs in flight are asked to stop", (s, id, ct) => s.CancelAsync(id, ct));
        MapAction(batches, "retry-failed", "Queue a new attempt of every failed and abandoned item; the batch runs again", (s, id, ct) => s.RetryFailedAsync(id, ct));
        batches.MapGet("/{id:long}/result", BatchDownloads.ResultAsync).Needs(ApiKeyScopes.Viewer).WithName("download-batch-result")
            .WithSummary("The result workbook: input columns, status, outputs, error, attempts, start and end in the operators' zone (xlsx or csv)")
            .Produces<string>(contentType: XlsxContentType).Produces<string>(contentType: "text/csv")
            .ProducesProblems([StatusCodes.Status422UnprocessableEntity], StatusCodes.Status404NotFound);

        var tasks = endpoints.MapRestGroup("/tasks", "Batches");
        tasks.MapGet("/{id:long}/batch-template", BatchDownloads.TemplateAsync).Needs(ApiKeyScopes.Viewer).WithName("download-batch-template")
            .WithSummary("The .xlsx template of a task's batches: a column per parameter, a note with its type and whether required, an example row")
            .Produces<string>(contentType: XlsxContentType)
            .ProducesProblems([], StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
    }

    private static void MapAction(RouteGroupBuilder batches, string action, string summary, Func<BatchService, long, CancellationToken, Task<BatchDetail>> act) =>
        batches.MapPost($"/{{id:long}}/{action}", async (long id, BatchService service, CancellationToken cancellationToken) =>
                TypedResults.Ok(BatchResource.Of(await act(service, id, cancellationToken))))
            .Needs(ApiKeyScopes.Operator).WithName($"{action}-batch").WithSummary(summary)
            .ProducesProblems([], ActionProblems);

    private static async Task<Ok<ApiPage<BatchRow>>> ListAsync(HttpRequest request, BatchService service, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        var paging = ApiPaging.Read(request, BatchQuery.MaxPageSize, errors);
        var query = new BatchQuery
        {
            State = QueryValues.Enum<BatchState>(request, StateField, errors),
            TaskId = QueryValues.Text(request, TaskIdField) is null ? null : QueryValues.Number(request, TaskIdField, 0, 1, int.MaxValue, errors),
            Page = paging.Index,
            PageSize = paging.PageSize,
        };
        QueryValues.ThrowIfAny(errors);
        return TypedResults.Ok(paging.Of(await service.ListAsync(query, cancellationToken), row => row));
    }

    private static async Task<Ok<BatchResource>> GetAsync(long id, BatchService service, CancellationToken cancellationToken) =>
        TypedResults.Ok(BatchResource.Of(await service.GetAsync(id, cancellationToken) ?? throw NotFound(id)));

    private static async Task<Ok<ApiPage<BatchItemResource>>> ItemsAsync(long id, HttpRequest request, BatchService service, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        var paging = ApiPaging.Read(request, BatchItemQuery.MaxPageSize, errors);
        var query = new BatchItemQuery { State = QueryValues.Enum<BatchItemState>(request, StateField, errors), Page = paging.Index, PageSize = paging.PageSize };
        QueryValues.ThrowIfAny(errors);
        return TypedResults.Ok(paging.Of(await service.ItemsAsync(id, query, cancellationToken), BatchItemResource.Of));
    }

    internal static RuleViolationException NotFound(long id) =>
        new(ErrorCodes.NotFound, $"Batch {id} does not exist (it may have been deleted).");
}
