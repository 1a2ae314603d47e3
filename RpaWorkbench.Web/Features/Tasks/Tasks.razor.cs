using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using MudBlazor;
using RpaWorkbench.Core.Live;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Web.Components.Shared;
using RpaWorkbench.Web.Resources;

namespace RpaWorkbench.Web.Features.Tasks;

public partial class Tasks : IAsyncDisposable
{
    private static readonly int[] PageSizes = [10, 25, 50, 100];

    // Grid columns (by property name) that the service can sort on the server.
    private static readonly Dictionary<string, TaskSort> SortColumns = new(StringComparer.Ordinal)
    {
        [nameof(TaskRow.TaskName)] = TaskSort.TaskName,
        [nameof(TaskRow.ShadowBotAccount)] = TaskSort.Account,
        [nameof(TaskRow.AppName)] = TaskSort.AppName,
        [nameof(TaskRow.Status)] = TaskSort.Status,
        [nameof(TaskRow.LastRunTime)] = TaskSort.LastRun,
    };

    // Tasks with a start, stop or delete in flight: their buttons wait for the answer.
    private readonly HashSet<long> _busy = [];
    private MudDataGrid<TaskRow> _grid = default!;
    private string? _search;
    private RobotTaskStatus? _status;
    private LiveRefresh? _live;

    [Inject] public required TaskService TaskService { get; init; }
    [Inject] public required TaskRunService Runs { get; init; }
    [Inject] public required IDialogService Dialogs { get; init; }
    [Inject] public required ISnackbar Snackbar { get; init; }
    [Inject] public required IStringLocalizer<UiText> L { get; init; }
    [Inject] public required ILogger<Tasks> Logger { get; init; }
    [Inject] public required IWorkbenchEvents Events { get; init; }
    [Inject] public required TimeProvider Clock { get; init; }
    [Inject] public required ICurrentUser User { get; init; }

    /// <summary>Viewers see no New and no row actions: the services would refuse them (<see cref="Permissions"/>).</summary>
    private bool CanOperate => User.CanOperate();

    public async ValueTask DisposeAsync()
    {
        if (_live is not null)
        {
            await _live.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    // Live from the first interactive render: runs start and end from other pages, the scheduler, the watchdog and
    // robot callbacks; the periodic refresh moves "next fire" along (and picks up renamed accounts). AccountChanged is
    // left out on purpose: every heartbeat of every robot raises it, and none changes a task row.
    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender && RendererInfo.IsInteractive)
        {
            _live = new LiveRefresh(Events, events => events.Any(e => e is TaskChanged or LogCreated), ReloadLiveAsync, Clock,
                interval: TimeSpan.FromMilliseconds(250), period: TimeSpan.FromSeconds(30));
        }
    }

    private Task ReloadLiveAsync() => InvokeAsync(async () =>
    {
        try
        {
            await _grid.ReloadServerData();
        }
        catch (Exception ex)
        {
            await DispatchExceptionAsync(ex);
        }
    });

    private Task<GridData<TaskRow>> LoadAsync(GridState<TaskRow> state, CancellationToken cancellationToken) =>
        GridLoad.RunAsync(Snackbar, L, Logger, ct => TaskService.ListAsync(ToQuery(state), ct), cancellationToken);

    private TaskQuery ToQuery(GridState<TaskRow> state)
    {
        var sort = state.SortDefinitions.FirstOrDefault();
        return new TaskQuery
        {
            Search = _search,
            Status = _status,
            SortBy = sort is null ? TaskSort.TaskName : SortColumns.GetValueOrDefault(sort.SortBy, TaskSort.TaskName),
            Descending = sort?.Descending ?? false,
            Page = state.Page,
            PageSize = state.PageSize,
        };
    }

    private string Label(string action, TaskRow task) => $"{L[action]} {task.TaskName}";

    private Task SearchChangedAsync(string? search)
    {
        _search = search;
        return _grid.ReloadServerData();
    }

    private Task StatusChangedAsync(RobotTaskStatus? status)
    {
        _status = status;
        return _grid.ReloadServerData();
    }

    private Task StartAsync(TaskRow task) =>
        RunAsync(task, () => CoreAction.RunAsync(Snackbar, L, () => Runs.StartAsync(task.Id, CancellationToken.None), L["Tasks.StartedDone", task.TaskName]));

    private Task StopAsync(TaskRow task) =>
        RunAsync(task, () => CoreAction.RunAsync(Snackbar, L, () => Runs.StopAsync(task.Id, CancellationToken.None), L["Tasks.StopSent", task.TaskName]));

    private Task RunAgainAsync(TaskRow task) =>
        RunAsync(task, () => CoreAction.RunAsync(Snackbar, L, () => Runs.RunAgainAsync(task.LastLogId!.Value, CancellationToken.None), L["Tasks.StartedDone", task.TaskName]));

    private Task ForceStopAsync(TaskRow task) => RunAsync(task, () => CoreAction.ConfirmAndRunAsync(Dialogs, Snackbar, L,
        new Confirmation(L["Tasks.ForceStop"], L["Tasks.ForceStopConfirm", task.TaskName], L["Tasks.ForceStop"]),
        () => Runs.ForceStopAsync(task.Id, CancellationToken.None), L["Tasks.ForceStopped", task.TaskName]));

    private Task DeleteAsync(TaskRow task) => RunAsync(task, () => CoreAction.ConfirmAndRunAsync(Dialogs, Snackbar, L,
        new Confirmation(L["Tasks.DeleteTitle"], L["Tasks.DeleteConfirm", task.TaskName], L["Common.Delete"]),
        () => TaskService.DeleteAsync(task.Id, CancellationToken.None), L["Tasks.Deleted", task.TaskName]));

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

        await _grid.ReloadServerData();
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
            await _grid.ReloadServerData();
        }
    }
}
