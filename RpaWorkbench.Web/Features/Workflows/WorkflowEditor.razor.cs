using Microsoft.AspNetCore.Components;
using RpaWorkbench.Core.Workflows;
using RpaWorkbench.Core.Workflows.Definitions;
using RpaWorkbench.Web.Features.Tasks;
using Microsoft.Extensions.Localization;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Core.Time;
using RpaWorkbench.Web.Resources;

namespace RpaWorkbench.Web.Features.Workflows;

/// <summary>
/// Create or edit a workflow: name, description, schedule, inputs, and its steps by kind. The Core checks the whole
/// definition on save (<see cref="WorkflowDefinitionRules"/>); every refusal is shown at its field and in a summary.
/// A changed definition is saved as the next version.
/// </summary>
public partial class WorkflowEditor : LifetimeComponent
{
    private const int PreviewCount = 3;

    private bool _loaded;
    private bool _saving;
    private string? _name;
    private string? _description;
    private string? _schedule;
    private int? _version;
    private List<TaskParameterForm> _inputs = [];
    private List<WorkflowStepForm> _steps = [];
    private IReadOnlyList<WorkflowStepTask> _tasks = [];
    private WorkflowStepKind _newKind;
    private IReadOnlyList<FieldError> _errors = [];
    private string? _formError;

    /// <summary>The workflow being edited; null on <c>/workflows/new</c>.</summary>
    [Parameter] public long? Id { get; set; }

    [Inject] public required WorkflowService Workflows { get; init; }
    [Inject] public required IStringLocalizer<UiText> L { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }
    [Inject] public required ISnackbar Snackbar { get; init; }
    [Inject] public required OperatorTime Time { get; init; }
    [Inject] public required TimeProvider Clock { get; init; }

    private string Heading => Id is null ? L["Workflows.New"] : L["Workflows.Edit", _name ?? ""];

    private IReadOnlyList<string?> StepNames => [.. _steps.Select(s => s.Name)];

    private string? ScheduleError => L.Message(WorkflowDefinitionRules.CheckSchedule(_schedule)) ?? ErrorFor(WorkflowDefinitionRules.ScheduleField);

    private IReadOnlyList<DateTime> SchedulePreview => TaskSchedule.NextOccurrences(_schedule, Clock.GetUtcNow().UtcDateTime, Time.Zone, PreviewCount);

    protected override async Task OnInitializedAsync()
    {
        _tasks = await Workflows.StepTasksAsync(Closing);
        if (Id is { } id)
        {
            var workflow = await Workflows.GetAsync(id, null, Closing);
            if (workflow is null)
            {
                _formError = L["Workflows.NotFound", id];
                _loaded = true;
                return;
            }

            (_name, _description, _schedule, _version) = (workflow.Name, workflow.Description, workflow.Schedule, workflow.Version);
            _inputs = [.. workflow.Definition.Inputs.Select(TaskParameterForm.From)];
            _steps = [.. workflow.Definition.Steps.Select(WorkflowStepForm.From)];
        }

        _loaded = true;
    }

    /// <summary>The messages for a field (and, unless <paramref name="exact"/>, its parts), or null.</summary>
    private string? ErrorFor(string field, bool exact = false) => exact
        ? _errors.Where(e => e.Field == field).Select(L.Describe).FirstOrDefault()
        : L.MessageFor(_errors, field);

    // The parameters editor names its rows as a task's parameters; a workflow's inputs are the same rows under "inputs".
    private string? InputErrorFor(string field) =>
        ErrorFor(WorkflowDefinitionRules.InputsField + field[TaskParameterRules.Field.Length..]);

    private void AddStep()
    {
        var name = $"{ContractName.Of(_newKind)}_{_steps.Count + 1}";
        _steps.Add(new WorkflowStepForm { Kind = _newKind, Name = name });
    }

    private void Move(int index, int by) => (_steps[index], _steps[index + by]) = (_steps[index + by], _steps[index]);

    private async Task SaveAsync()
    {
        var definition = new WorkflowDefinition
        {
            Inputs = [.. _inputs.Select(p => p.ToParameter())],
            Steps = [.. _steps.Select(s => s.ToStep(DeclaredParameters(s)))],
        };
        var input = new WorkflowInput(_name, _description, _schedule, definition, _version);
        (_saving, _formError, _errors) = (true, null, []);
        try
        {
            var saved = Id is { } id ? await Workflows.UpdateAsync(id, input, Closing) : await Workflows.CreateAsync(input, Closing);
            Snackbar.Add(L["Workflows.Saved", saved.Name, saved.LatestVersion], Severity.Success);
            Navigation.NavigateTo("workflows");
        }
        catch (ValidationFailedException ex)
        {
            _errors = ex.Errors;
        }
        catch (Exception ex) when (L.DescribeRefusal(ex) is { } refusal)
        {
            _formError = refusal;
        }
        finally
        {
            _saving = false;
        }
    }

    private IReadOnlyCollection<string> DeclaredParameters(WorkflowStepForm step) =>
        [.. _tasks.FirstOrDefault(t => t.Id == step.TaskId)?.Parameters.Select(p => p.Name) ?? []];
}
