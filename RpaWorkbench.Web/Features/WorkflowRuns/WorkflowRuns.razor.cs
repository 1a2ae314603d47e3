using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using RpaWorkbench.Core.Workflows;
using RpaWorkbench.Core.Workflows.Runs;
using RpaWorkbench.Web.Resources;
using RpaWorkbench.Core.Live;
using RpaWorkbench.Web.Components.Lists;

namespace RpaWorkbench.Web.Features.WorkflowRuns;

/// <summary>What the runs list shows: <c>?state=</c> and <c>trigger=</c> in the address.</summary>
public sealed record WorkflowRunFilter
{
    public WorkflowRunStatus? Status { get; init; }
    public WorkflowTrigger? Trigger { get; init; }
}

/// <summary>
/// Workflow runs, newest first, live: every run at <c>/workflow-runs</c>, or one workflow's at <c>/workflows/{id}</c>
/// with its definition summarised and, for operators, Start (a field per declared input).
/// </summary>
public partial class WorkflowRuns : ListPage<WorkflowRunRow, WorkflowRunFilter>
{
    private const string StateField = "state";
    private const string TriggerField = "trigger";

    private WorkflowSummary? _workflow;
    private bool _missing;

    [Parameter] public long? WorkflowId { get; set; }

    [Inject] public required WorkflowRunReads Reads { get; init; }
    [Inject] public required WorkflowRunService Runs { get; init; }
    [Inject] public required ICurrentUser User { get; init; }
    [Inject] public required IDialogService Dialogs { get; init; }

    protected override int[] PageSizes => LongPageSizes;

    // Runs move step by step: one refresh a second at most, and every 10 s for the running steps' progress.
    protected override LiveUpdates LiveUpdates =>
        new(events => events.Any(e => e is WorkflowRunChanged changed && (WorkflowId is null || changed.WorkflowId == WorkflowId)),
            Interval: TimeSpan.FromSeconds(1), Period: TimeSpan.FromSeconds(10));

    protected override async Task OnParametersSetAsync()
    {
        _workflow = WorkflowId is { } id ? await Reads.WorkflowAsync(id, Closing) : null;
        _missing = WorkflowId is not null && _workflow is null;
    }

    protected override WorkflowRunFilter ReadFilter(QueryValues query) => new()
    {
        Status = query.Enum<WorkflowRunStatus>(StateField),
        Trigger = query.Enum<WorkflowTrigger>(TriggerField),
    };

    protected override IReadOnlyDictionary<string, object?> WriteFilter(WorkflowRunFilter filter) => new Dictionary<string, object?>
    {
        [StateField] = QueryValues.Of(filter.Status),
        [TriggerField] = QueryValues.Of(filter.Trigger),
    };

    protected override Task<PageResult<WorkflowRunRow>> LoadPageAsync(GridState<WorkflowRunRow> state, WorkflowRunFilter filter, CancellationToken cancellationToken) =>
        Reads.ListAsync(new WorkflowRunQuery
        {
            WorkflowId = WorkflowId, Status = filter.Status, Trigger = filter.Trigger, Page = state.Page, PageSize = state.PageSize,
        }, cancellationToken);

    private async Task StartAsync()
    {
        var workflow = _workflow!;
        var parameters = new DialogParameters<WorkflowInputsDialog>
        {
            { d => d.Inputs, workflow.Definition.Inputs },
            { d => d.SubmitText, (string)L["WorkflowRuns.Start"] },
            { d => d.Submit, (values, ct) => Runs.StartAsync(workflow.Id, values, WorkflowTrigger.Manual, ct) },
        };
        var dialog = await Dialogs.ShowAsync<WorkflowInputsDialog>(L["WorkflowRuns.StartTitle", workflow.Name], parameters,
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false, Data: WorkflowRun run })
        {
            Snackbar.Add(L["WorkflowRuns.StartedDone", workflow.Name], Severity.Success);
            Navigation.NavigateTo($"workflow-runs/{run.Id}");
        }
    }
}
