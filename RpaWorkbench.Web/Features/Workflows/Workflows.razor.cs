using Microsoft.AspNetCore.Components;
using RpaWorkbench.Core.Live;
using RpaWorkbench.Core.Workflows.Definitions;
using RpaWorkbench.Web.Components.Lists;

namespace RpaWorkbench.Web.Features.Workflows;

/// <summary>Workflows by name, live (edits and runs starting and ending): <c>?q=</c> (name) in the address.</summary>
public partial class Workflows : ListPage<WorkflowRow, WorkflowQuery>
{
    private const string SearchField = "q";

    [Inject] public required WorkflowService WorkflowService { get; init; }
    [Inject] public required ICurrentUser User { get; init; }

    /// <summary>Viewers see no New or Edit: the service would refuse them.</summary>
    private bool CanOperate => User.CanOperate();

    // A run's steps change it many times a minute: one refresh a second at most.
    protected override LiveUpdates LiveUpdates { get; } =
        new(events => events.Any(e => e is WorkflowChanged or WorkflowRunChanged), Interval: TimeSpan.FromSeconds(1), Period: Timeout.InfiniteTimeSpan);

    protected override WorkflowQuery ReadFilter(QueryValues query) => new() { Search = query.Text(SearchField) };

    protected override IReadOnlyDictionary<string, object?> WriteFilter(WorkflowQuery filter) =>
        new Dictionary<string, object?> { [SearchField] = filter.Search };

    protected override Task<PageResult<WorkflowRow>> LoadPageAsync(GridState<WorkflowRow> state, WorkflowQuery filter, CancellationToken cancellationToken) =>
        WorkflowService.ListAsync(filter with { Page = state.Page, PageSize = state.PageSize }, cancellationToken);
}
