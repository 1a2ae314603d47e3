using Microsoft.AspNetCore.Components;
using RpaWorkbench.Core.Batches;
using RpaWorkbench.Core.Live;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Web.Components.Lists;

namespace RpaWorkbench.Web.Features.Batches;

/// <summary>Batches, newest first, with their items' progress, live: <c>?q=</c> (name), <c>task=</c> and <c>state=</c> in the address.</summary>
public partial class Batches : ListPage<BatchRow, BatchQuery>
{
    private const string SearchField = "q";
    private const string TaskField = "task";
    private const string StateField = "state";

    private IReadOnlyList<TaskRow> _tasks = [];

    [Inject] public required BatchService BatchService { get; init; }
    [Inject] public required TaskService TaskService { get; init; }

    // Items start and end many times a second in a big batch: one refresh a second at most.
    protected override LiveUpdates LiveUpdates { get; } =
        new(events => events.Any(e => e is BatchChanged), Interval: TimeSpan.FromSeconds(1), Period: Timeout.InfiniteTimeSpan);

    protected override async Task OnInitializedAsync()
    {
        // The task filter's choices: every task, by name (the list's largest page).
        var tasks = await TaskService.ListAsync(new TaskQuery { PageSize = TaskQuery.MaxPageSize }, Closing);
        _tasks = tasks.Items;
    }

    protected override BatchQuery ReadFilter(QueryValues query) => new()
    {
        Search = query.Text(SearchField),
        TaskId = query.Id(TaskField),
        State = query.Enum<BatchState>(StateField),
    };

    protected override IReadOnlyDictionary<string, object?> WriteFilter(BatchQuery filter) => new Dictionary<string, object?>
    {
        [SearchField] = filter.Search,
        [TaskField] = filter.TaskId,
        [StateField] = QueryValues.Of(filter.State),
    };

    protected override Task<PageResult<BatchRow>> LoadPageAsync(GridState<BatchRow> state, BatchQuery filter, CancellationToken cancellationToken) =>
        BatchService.ListAsync(filter with { Page = state.Page, PageSize = state.PageSize }, cancellationToken);

    private string TaskName(long? id) => _tasks.FirstOrDefault(t => t.Id == id)?.TaskName ?? "";
}
