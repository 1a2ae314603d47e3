using Microsoft.AspNetCore.Http.HttpResults;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Core.Dispatch;
using RpaWorkbench.Web.Features.ApiDocs;
using RpaWorkbench.Web.Infrastructure.Api;

namespace RpaWorkbench.Web.Features.Queue;

/// <summary>
/// <c>/api/v1/queue</c>: the dispatch queue as the queue page shows it, through <see cref="DispatchQueue"/>
/// (docs/api-rest-queue.md).
/// </summary>
public static class QueueApi
{
    public const string StateField = "state";

    public static void MapQueueApi(this IEndpointRouteBuilder endpoints)
    {
        var queue = endpoints.MapRestGroup("/queue", "Queue");
        queue.MapGet("", ListAsync).Needs(ApiKeyScopes.Viewer).WithName("list-queue")
            .WithSummary("Runs waiting for a robot and in flight, in the order they are served, paged; state= narrows to one state")
            .ProducesProblems([StatusCodes.Status422UnprocessableEntity]);
        queue.MapPost("/{id:long}/cancel", CancelAsync).Needs(ApiKeyScopes.Operator).WithName("cancel-queued-run")
            .WithSummary("Remove a waiting run from the queue (cancelled); a run that started is refused")
            .ProducesProblems([], StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
    }

    private static async Task<Ok<ApiPage<QueueRow>>> ListAsync(HttpRequest request, DispatchQueue queue, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        var paging = ApiPaging.Read(request, QueueQuery.MaxPageSize, errors);
        var state = QueryValues.Enum<DispatchRunState>(request, StateField, errors);
        QueryValues.ThrowIfAny(errors);
        var query = new QueueQuery { States = state is { } only ? [only] : null, Page = paging.Index, PageSize = paging.PageSize };
        return TypedResults.Ok(paging.Of(await queue.ListAsync(query, cancellationToken), row => row));
    }

    private static async Task<NoContent> CancelAsync(long id, DispatchQueue queue, CancellationToken cancellationToken)
    {
        await queue.CancelAsync(id, cancellationToken);
        return TypedResults.NoContent();
    }
}
