using Microsoft.AspNetCore.Components;
using RpaWorkbench.Core.Live;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Web.Components.Lists;
using RpaWorkbench.Web.Features.Batches;

namespace RpaWorkbench.Web.Features.Tasks;

/// <summary>Tasks with their runs' state, live: <c>?q=</c> (task, account or app) and <c>status=</c> in the address.</summary>
public partial class Tasks : ListPage<TaskRow, TaskQuery>
{
    private const string SearchField = "q";
    private const string StatusField = "status";

    private static readonly SortColumns<TaskSort> Sorts = new(TaskSort.TaskName)
    {
        [nameof(TaskRow.TaskName)] = TaskSort.TaskName,
        [nameof(TaskRow.ShadowBotAccount)] = TaskSort.Account,
        [nameof(TaskRow.AppName)] = TaskSort.AppName,
        [nameof(TaskRow.Status)] = TaskSort.Status,
        [nameof(TaskRow.LastRunTime)] = TaskSort.LastRun,
    };

    // Tasks with a start, stop or delete in flight: their buttons wait for the answer.
    private readonly HashSet<long> _busy = [];

    [Inject] public required TaskService TaskService { get; init; }
    [Inject] public required TaskRunService Runs { get; init; }
    [Inject] public required IDialogService Dialogs { get; init; }
    [Inject] public required ICurrentUser User { get; init; }

    /// <summary>Viewers see no New and no row actions: the services would refuse them (<see cref="Permissions"/>).</summary>
    private bool CanOperate => User.CanOperate();

    // Runs start and end from other pages, the scheduler, the watchdog and robot callbacks; the period moves "next
    // fire" along (and picks up renamed accounts). AccountChanged is left out on purpose: every heartbeat of every
    // robot raises it, and none changes a task row.
    protected override LiveUpdates LiveUpdates { get; } =
        new(events => events.Any(e => e is TaskChanged or LogCreated), Interval: TimeSpan.FromMilliseconds(250), Period: TimeSpan.FromSeconds(30));

    protected override TaskQuery ReadFilter(QueryValues query) =>
        new() { Search = query.Text(SearchField), Status = query.Enum<RobotTaskStatus>(StatusField) };

    protected override IReadOnlyDictionary<string, object?> WriteFilter(TaskQuery filter) =>
        new Dictionary<string, object?> { [SearchField] = filter.Search, [StatusField] = QueryValues.Of(filter.Status) };

    protected override Task<PageResult<TaskRow>> LoadPageAsync(GridState<TaskRow> state, TaskQuery filter, CancellationToken cancellationToken)
    {
        var (sortBy, descending) = Sorts.Of(state);
        return TaskService.ListAsync(filter with { SortBy = sortBy, Descending = descending, Page = state.Page, PageSize = state.PageSize }, cancellationToken);
    }

    private string Label(string action, TaskRow task) => $"{L[action]} {task.TaskName}";

    // Start runs with the parameters' defaults; when a required parameter has none, a dialog asks for the values first.
    private Task StartAsync(TaskRow task) => StartParametersDialog.IsNeeded(task)
        ? RunAsync(task, () => AskValuesAndStartAsync(task))
        : RunAsync(task, () => CoreAction.RunAsync(Snackbar, L, () => Runs.StartAsync(task.Id, Closing), StartedMessage(task)));

    private async Task<bool> AskValuesAndStartAsync(TaskRow task)
    {
        var parameters = new DialogParameters<StartParametersDialog> { { d => d.TaskToStart, task } };
        var dialog = await Dialogs.ShowAsync<StartParametersDialog>(L["Tasks.StartWithValues", task.TaskName], parameters,
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is not { Canceled: false })
        {
            return false;
        }

        Snackbar.Add(StartedMessage(task), Severity.Success);
        return true;
    }

    private Task StopAsync(TaskRow task) =>
        RunAsync(task, () => CoreAction.RunAsync(Snackbar, L, () => Runs.StopAsync(task.Id, Closing), L["Tasks.StopSent", task.TaskName]));

    private Task RunAgainAsync(TaskRow task) =>
        RunAsync(task, () => CoreAction.RunAsync(Snackbar, L, () => Runs.RunAgainAsync(task.LastLogId!.Value, Closing), StartedMessage(task)));

    // A task that targets a group does not start on a robot at once: its run waits in the queue for an idle one.
    private string StartedMessage(TaskRow task) => task.GroupId is null
        ? L["Tasks.StartedDone", task.TaskName]
        : L["Tasks.QueuedDone", task.TaskName, task.GroupName ?? ""];

    private Task ForceStopAsync(TaskRow task) => RunAsync(task, () => CoreAction.ConfirmAndRunAsync(Dialogs, Snackbar, L,
        new Confirmation(L["Tasks.ForceStop"], L["Tasks.ForceStopConfirm", task.TaskName], L["Tasks.ForceStop"]),
        () => Runs.ForceStopAsync(task.Id, Closing), L["Tasks.ForceStopped", task.TaskName]));

    private Task DeleteAsync(TaskRow task) => RunAsync(task, () => CoreAction.ConfirmAndRunAsync(Dialogs, Snackbar, L,
        new Confirmation(L["Tasks.DeleteTitle"], L["Tasks.DeleteConfirm", task.TaskName], L["Common.Delete"]),
        () => TaskService.DeleteAsync(task.Id, Closing), L["Tasks.Deleted", task.TaskName]));

    // The row's buttons are disabled until the Core has answered; the grid then shows the task's new state.
    private async Task RunAsync(TaskRow task, Func<Task<bool>> action)
    {
        if (!_busy.Add(task.Id))
        {
            return;
        }

        try
        {
            await action();
        }
        finally
        {
            _busy.Remove(task.Id);
        }

        await ReloadAsync();
    }

    // A created batch opens on its own page, where its progress shows.
    private async Task BatchRunAsync(TaskRow task)
    {
        if (await BatchRunDialog.ShowAsync(Dialogs, L["Batches.RunDialogTitle", task.TaskName], task) is { } created)
        {
            Snackbar.Add(L["Batches.Started", created.Name], Severity.Success);
            Navigation.NavigateTo(BatchLinks.Detail(created.Id));
        }
    }

    private Task CreateAsync() => OpenEditorAsync(L["Tasks.New"], existing: null);

    private Task EditAsync(TaskRow task) => OpenEditorAsync(L["Tasks.Edit"], task);

    private async Task OpenEditorAsync(string title, TaskRow? existing)
    {
        var parameters = new DialogParameters<TaskDialog> { { d => d.Existing, existing } };
        var dialog = await Dialogs.ShowAsync<TaskDialog>(title, parameters, new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true });
        if (await dialog.Result is { Canceled: false, Data: TaskRow saved })
        {
            Snackbar.Add(L["Tasks.Saved", saved.TaskName], Severity.Success);
            await ReloadAsync();
        }
    }
}
