using Microsoft.AspNetCore.Components;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Dispatch;
using RpaWorkbench.Core.Live;
using RpaWorkbench.Web.Components.Lists;

namespace RpaWorkbench.Web.Features.Queue;

/// <summary>
/// The dispatch queue, live: runs waiting for a robot and those in flight, in the order they are served; <c>?state=</c>
/// in the address narrows it to one state. Operators cancel waiting runs.
/// </summary>
public partial class Queue : ListPage<QueueRow, QueueFilter>
{
    private const string StateField = "state";

    [Inject] public required DispatchQueue DispatchQueue { get; init; }
    [Inject] public required IDialogService Dialogs { get; init; }
    [Inject] public required ICurrentUser User { get; init; }
    [Inject] public required TimeProvider Clock { get; init; }

    private bool CanOperate => User.CanOperate();

    private DateTime Now => Clock.GetUtcNow().UtcDateTime;

    // Runs queued, started, ended or cancelled anywhere; the period ages "waiting for".
    protected override LiveUpdates LiveUpdates { get; } =
        new(events => events.Any(e => e is QueueChanged), Interval: TimeSpan.FromMilliseconds(250), Period: TimeSpan.FromSeconds(15));

    protected override QueueFilter ReadFilter(QueryValues query) => new() { State = query.Enum<DispatchRunState>(StateField) };

    protected override IReadOnlyDictionary<string, object?> WriteFilter(QueueFilter filter) =>
        new Dictionary<string, object?> { [StateField] = QueryValues.Of(filter.State) };

    protected override Task<PageResult<QueueRow>> LoadPageAsync(GridState<QueueRow> state, QueueFilter filter, CancellationToken cancellationToken) =>
        DispatchQueue.ListAsync(new QueueQuery
        {
            States = filter.State is { } only ? [only] : null,
            Page = state.Page,
            PageSize = state.PageSize,
        }, cancellationToken);

    private string StateName(DispatchRunState state) => L["Queue.State." + ContractName.Of(state)];

    private async Task CancelAsync(QueueRow run)
    {
        if (await CoreAction.ConfirmAndRunAsync(Dialogs, Snackbar, L,
                new Confirmation(L["Queue.Cancel"], L["Queue.CancelConfirm", run.TaskName], L["Queue.Cancel"]),
                () => DispatchQueue.CancelAsync(run.Id, Closing), L["Queue.Cancelled", run.TaskName]))
        {
            await ReloadAsync();
        }
    }
}

/// <summary>The queue page's filter: one state, or all waiting and in-flight runs when null.</summary>
public sealed record QueueFilter
{
    public DispatchRunState? State { get; init; }
}
