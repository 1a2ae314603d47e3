using System.Text.RegularExpressions;
using RpaWorkbench.Core.Tasks;

namespace RpaWorkbench.Core.Workflows.Definitions;

/// <summary>
/// Validation of a workflow and its definition, shared by the editor and the service. Every problem is a
/// <see cref="FieldError"/> naming its field as REST sends it (<c>steps[2].task.parameters.region</c>), all of them at
/// once. The per-kind settings are checked by <see cref="WorkflowStepSettingsRules"/>.
/// </summary>
public static partial class WorkflowDefinitionRules
{
    public const string NameField = "name";
    public const string DescriptionField = "description";
    public const string ScheduleField = "schedule";
    public const string InputsField = "inputs";
    public const string StepsField = "steps";

    public const int MinTimeoutSeconds = 1;
    public const int MaxTimeoutSeconds = 950_400;
    public const int MaxBackoffSeconds = 86_400;

    /// <summary>Stable codes of the refusals below; the editor translates them.</summary>
    public const string DuplicateNameCode = "WorkflowDuplicateName";
    public const string InvalidScheduleCode = "WorkflowInvalidSchedule";
    public const string InvalidStepNameCode = "WorkflowInvalidStepName";
    public const string DuplicateStepNameCode = "WorkflowDuplicateStepName";
    public const string UnknownStepCode = "WorkflowUnknownStep";
    public const string GoToNotAllowedCode = "WorkflowGoToNotAllowed";

    /// <summary>The field of step <paramref name="index"/>: <c>steps[2]</c>.</summary>
    public static string StepField(int index) => $"{StepsField}[{index.ToString(CultureInfo.InvariantCulture)}]";

    /// <summary>The input trimmed: blank description and schedule become null, step names and titles trimmed, HTTP methods upper case.</summary>
    public static WorkflowInput Normalize(WorkflowInput input)
    {
        var definition = input.Definition ?? new WorkflowDefinition();
        return input with
        {
            Name = input.Name?.Trim(),
            Description = Blank(input.Description),
            Schedule = Blank(input.Schedule),
            Definition = new WorkflowDefinition
            {
                Inputs = TaskParameterRules.Normalize(definition.Inputs),
                Steps = [.. (definition.Steps ?? []).Select(NormalizeStep)],
            },
        };
    }

    /// <summary>Every refusal of the normalized input, in field order.</summary>
    /// <param name="tasks">The tasks the steps name, by id (a missing id is an unknown task).</param>
    /// <param name="secrets">The configured secrets' names (HTTP steps may read them).</param>
    public static IReadOnlyList<FieldError> Validate(WorkflowInput input, IReadOnlyDictionary<long, WorkflowStepTask> tasks, IReadOnlyCollection<string> secrets)
    {
        var errors = new[] { CheckName(input.Name), CheckDescription(input.Description), CheckSchedule(input.Schedule) }.OfType<FieldError>().ToList();
        var definition = input.Definition ?? new WorkflowDefinition();
        errors.AddRange(TaskParameterRules.Validate(definition.Inputs).Select(e => e with { Field = InputsField + e.Field[TaskParameterRules.Field.Length..] }));
        errors.AddRange(CheckSteps(definition, tasks, secrets));
        return errors;
    }

    public static FieldError? CheckName(string? name)
    {
        var value = name?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return new FieldError(NameField, ErrorCodes.Required, "Name is required.");
        }

        return value.Length > Workflow.MaxNameLength
            ? new FieldError(NameField, ErrorCodes.TooLong, $"Name must be at most {Workflow.MaxNameLength} characters.", Workflow.MaxNameLength)
            : IdentifierText.Check(NameField, "Name", value);
    }

    public static FieldError? CheckDescription(string? description) =>
        description?.Trim().Length > Workflow.MaxDescriptionLength
            ? new FieldError(DescriptionField, ErrorCodes.TooLong, $"Description must be at most {Workflow.MaxDescriptionLength} characters.", Workflow.MaxDescriptionLength)
            : null;

    /// <summary>Blank (no schedule) or a 5-field cron expression: minute hour day month weekday.</summary>
    public static FieldError? CheckSchedule(string? schedule) =>
        string.IsNullOrWhiteSpace(schedule) || TaskSchedule.Parse(schedule) is not null
            ? null
            : new FieldError(ScheduleField, InvalidScheduleCode, "The schedule is not a 5-field cron expression (minute hour day month weekday), e.g. \"0 9 * * 1-5\".");

    /// <summary>A step name a template can read as <c>steps.name</c>: lower-case letters, digits and <c>_</c>, starting with a letter.</summary>
    public static FieldError? CheckStepName(string field, string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return new FieldError(field, ErrorCodes.Required, "The step name is required.");
        }

        if (name.Length > WorkflowStep.MaxNameLength)
        {
            return new FieldError(field, ErrorCodes.TooLong, $"The step name must be at most {WorkflowStep.MaxNameLength} characters.", WorkflowStep.MaxNameLength);
        }

        return StepNamePattern().IsMatch(name)
            ? null
            : new FieldError(field, InvalidStepNameCode, "A step name starts with a lower-case letter and holds lower-case letters, digits and _ only (e.g. fetch_order).");
    }

    private static List<FieldError> CheckSteps(WorkflowDefinition definition, IReadOnlyDictionary<long, WorkflowStepTask> tasks, IReadOnlyCollection<string> secrets)
    {
        var errors = new List<FieldError>();
        var steps = definition.Steps;
        if (steps.Count == 0)
        {
            errors.Add(new FieldError(StepsField, ErrorCodes.Required, "A workflow has at least one step."));
        }
        else if (steps.Count > WorkflowDefinition.MaxSteps)
        {
            errors.Add(new FieldError(StepsField, ErrorCodes.TooLong, $"A workflow has at most {WorkflowDefinition.MaxSteps} steps.", WorkflowDefinition.MaxSteps));
        }

        var inputs = definition.Inputs.Select(i => i.Name).ToList();
        var names = steps.Select(s => s.Name).ToList();
        var earlier = new List<string>();
        for (var i = 0; i < steps.Count; i++)
        {
            var at = StepField(i);
            var step = steps[i];
            if (CheckStepName($"{at}.name", step.Name) is { } nameError)
            {
                errors.Add(nameError);
            }
            else if (earlier.Contains(step.Name, StringComparer.Ordinal))
            {
                errors.Add(new FieldError($"{at}.name", DuplicateStepNameCode, $"Another step is already named \"{step.Name}\"."));
            }

            errors.AddRange(CheckCommon(at, step, names));
            var scope = new WorkflowTemplateScope(inputs, [.. earlier], step.Kind == WorkflowStepKind.Http ? secrets : []);
            errors.AddRange(WorkflowStepSettingsRules.Check(at, step, scope, tasks));
            earlier.Add(step.Name);
        }

        return errors;
    }

    private static IEnumerable<FieldError> CheckCommon(string at, WorkflowStep step, IReadOnlyList<string> names)
    {
        if (!Enum.IsDefined(step.Kind))
        {
            yield return new FieldError($"{at}.kind", ErrorCodes.InvalidValue, "The kind is one of robot_run, http, dify, wait, approval.");
        }

        if (step.Title?.Length > WorkflowStep.MaxTitleLength)
        {
            yield return new FieldError($"{at}.title", ErrorCodes.TooLong, $"The title must be at most {WorkflowStep.MaxTitleLength} characters.", WorkflowStep.MaxTitleLength);
        }

        if (step.Attempts is < 1 or > WorkflowStep.MaxAttempts)
        {
            yield return new FieldError($"{at}.attempts", ErrorCodes.OutOfRange, $"Attempts are 1 to {WorkflowStep.MaxAttempts} (1: no retry).", WorkflowStep.MaxAttempts);
        }

        if (step.BackoffSeconds is < 0 or > MaxBackoffSeconds)
        {
            yield return new FieldError($"{at}.backoff_seconds", ErrorCodes.OutOfRange, $"The wait before a retry is 0 to {MaxBackoffSeconds:N0} seconds.", MaxBackoffSeconds);
        }

        if (step.TimeoutSeconds is < MinTimeoutSeconds or > MaxTimeoutSeconds)
        {
            yield return new FieldError($"{at}.timeout_seconds", ErrorCodes.OutOfRange, $"The timeout is {MinTimeoutSeconds} to {MaxTimeoutSeconds:N0} seconds (11 days).", MaxTimeoutSeconds);
        }

        if (!Enum.IsDefined(step.OnFailure))
        {
            yield return new FieldError($"{at}.on_failure", ErrorCodes.InvalidValue, "On failure is one of stop, continue, go_to.");
        }
        else if (step.OnFailure == WorkflowFailureAction.GoTo)
        {
            if (string.IsNullOrEmpty(step.GoTo))
            {
                yield return new FieldError($"{at}.go_to", ErrorCodes.Required, "Name the step to go on with when this one fails.");
            }
            else if (step.GoTo == step.Name || !names.Contains(step.GoTo, StringComparer.Ordinal))
            {
                yield return new FieldError($"{at}.go_to", UnknownStepCode, $"\"{step.GoTo}\" is not another step of this workflow.");
            }
        }
        else if (step.GoTo is not null)
        {
            yield return new FieldError($"{at}.go_to", GoToNotAllowedCode, "A go-to step is only used when on failure is go_to.");
        }
    }

    private static WorkflowStep NormalizeStep(WorkflowStep step) => step with
    {
        Name = step.Name?.Trim() ?? "",
        Title = Blank(step.Title),
        GoTo = Blank(step.GoTo),
        Http = step.Http is null ? null : step.Http with { Method = step.Http.Method?.Trim().ToUpperInvariant() ?? "", Url = step.Http.Url?.Trim() ?? "" },
        Wait = step.Wait is null ? null : step.Wait with { Until = Blank(step.Wait.Until) },
    };

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    [GeneratedRegex("^[a-z][a-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex StepNamePattern();
}
