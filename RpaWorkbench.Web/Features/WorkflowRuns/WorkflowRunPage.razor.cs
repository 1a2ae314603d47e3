using System.Text.Json;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using RpaWorkbench.Core.Workflows;
using RpaWorkbench.Core.Workflows.Runs;
using RpaWorkbench.Web.Infrastructure.Api;
using RpaWorkbench.Web.Resources;
using RpaWorkbench.Core.Live;

namespace RpaWorkbench.Web.Features.WorkflowRuns;

/// <summary>
/// One workflow run, live: state, progress and ETA (operators' zone), inputs, each step's attempts with their outputs,
/// errors and log lines, the run's log (new lines appended), and the actions its state and the operator's role allow.
/// </summary>
public partial class WorkflowRunPage : LifetimeComponent
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly List<WorkflowLogEntry> _log = [];
    private WorkflowRunDetail? _run;
    private bool _missing;

    [Parameter] public long Id { get; set; }

    [Inject] public required WorkflowRunReads Reads { get; init; }
    [Inject] public required IStringLocalizer<UiText> L { get; init; }

    // Only this run; at most one refresh a second, and every 10 s so a running step's share and the ETA move on.
    protected override LiveUpdates LiveUpdates =>
        new(events => events.Any(e => e is WorkflowRunChanged changed && changed.RunId == Id), Interval: TimeSpan.FromSeconds(1), Period: TimeSpan.FromSeconds(10));

    protected override async Task OnParametersSetAsync()
    {
        _log.Clear();
        await LoadAsync();
    }

    protected override Task OnLiveUpdateAsync() => RefreshAsync();

    private async Task RefreshAsync()
    {
        await LoadAsync();
        StateHasChanged();
    }

    private async Task LoadAsync()
    {
        _run = await Reads.GetAsync(Id, Closing);
        _missing = _run is null;
        if (_run is not null)
        {
            _log.AddRange(await Reads.LogsAsync(Id, _log.Count == 0 ? null : _log[^1].Id, Closing));
        }
    }

    /// <summary>Stored JSON indented for reading; text that is not JSON as it is.</summary>
    private static string? Readable(string? json) => StoredJson.Element(json) switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } text => text.GetString(),
        { } value => JsonSerializer.Serialize(value, Indented),
    };

    private static Color StepColor(WorkflowStepState? state) => state switch
    {
        WorkflowStepState.Succeeded => Color.Success,
        WorkflowStepState.Failed or WorkflowStepState.TimedOut => Color.Error,
        WorkflowStepState.Running or WorkflowStepState.Pending => Color.Info,
        WorkflowStepState.Waiting => Color.Warning,
        _ => Color.Default,
    };

    private static Color LineColor(WorkflowLogLevel level) => level switch
    {
        WorkflowLogLevel.Error => Color.Error,
        WorkflowLogLevel.Warn => Color.Warning,
        _ => Color.Default,
    };
}
