using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Core.Workflows.Http;

namespace RpaWorkbench.Core.Workflows.Definitions;

/// <summary>
/// The checks of a step's kind settings: exactly the kind's settings object is present, the task fits the kind and is
/// given its parameters, HTTP requests, waits and approvals are well formed, and every template reads only what the
/// step may read (<see cref="WorkflowTemplateScope"/>).
/// </summary>
public static class WorkflowStepSettingsRules
{
    public const int MinWaitSeconds = 1;
    public const int MaxWaitSeconds = 2_592_000;
    public const int MinDeadlineSeconds = 60;
    public const int MaxDeadlineSeconds = 2_592_000;

    public const string SettingsMismatchCode = "WorkflowStepSettingsMismatch";
    public const string UnknownTaskCode = "WorkflowUnknownTask";
    public const string WrongTaskKindCode = "WorkflowWrongTaskKind";
    public const string InvalidTemplateCode = "WorkflowInvalidTemplate";
    public const string InvalidStatusesCode = "WorkflowInvalidStatuses";
    public const string InvalidHeaderCode = "WorkflowInvalidHeader";


    private const string HeaderNameSymbols = "!#$%&'*+-.^_`|~";

    /// <summary>Every problem of the settings of the step at <paramref name="at"/> (<c>steps[2]</c>).</summary>
    public static IReadOnlyList<FieldError> Check(string at, WorkflowStep step, WorkflowTemplateScope scope, IReadOnlyDictionary<long, WorkflowStepTask> tasks)
    {
        var errors = new List<FieldError>();
        CheckSettingsPresent(errors, at, step);
        switch (step.Kind)
        {
            case WorkflowStepKind.RobotRun or WorkflowStepKind.Dify when step.Task is { } task:
                CheckTask(errors, $"{at}.task", step.Kind, task, scope, tasks);
                break;
            case WorkflowStepKind.Http when step.Http is { } http:
                CheckHttp(errors, $"{at}.http", http, scope);
                break;
            case WorkflowStepKind.Wait when step.Wait is { } wait:
                CheckWait(errors, $"{at}.wait", wait);
                break;
            case WorkflowStepKind.Approval when step.Approval is { } approval:
                CheckApproval(errors, $"{at}.approval", approval, scope);
                break;
        }

        return errors;
    }

    /// <summary>Whether a wait's until is <c>HH:mm</c> or <c>yyyy-MM-dd HH:mm</c>.</summary>
    public static bool IsUntil(string until) =>
        TimeOnly.TryParseExact(until, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
        || DateTime.TryParseExact(until, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    private static void CheckSettingsPresent(List<FieldError> errors, string at, WorkflowStep step)
    {
        var kind = ContractName.Of(step.Kind);
        var expected = step.Kind switch
        {
            WorkflowStepKind.RobotRun or WorkflowStepKind.Dify => "task",
            WorkflowStepKind.Http => "http",
            WorkflowStepKind.Wait => "wait",
            WorkflowStepKind.Approval => "approval",
            _ => null,
        };
        (string Name, object? Value)[] settings = [("task", step.Task), ("http", step.Http), ("wait", step.Wait), ("approval", step.Approval)];
        foreach (var (name, value) in settings)
        {
            if (name == expected && value is null)
            {
                errors.Add(new FieldError($"{at}.{name}", ErrorCodes.Required, $"A {kind} step needs its {name} settings."));
            }
            else if (name != expected && value is not null)
            {
                errors.Add(new FieldError($"{at}.{name}", SettingsMismatchCode, $"A {kind} step has no {name} settings; remove them."));
            }
        }
    }

    private static void CheckTask(List<FieldError> errors, string at, WorkflowStepKind kind, WorkflowTaskStep step, WorkflowTemplateScope scope,
        IReadOnlyDictionary<long, WorkflowStepTask> tasks)
    {
        if (!tasks.TryGetValue(step.TaskId, out var task))
        {
            errors.Add(new FieldError($"{at}.task_id", UnknownTaskCode, $"Task {step.TaskId} does not exist."));
            return;
        }

        if (kind == WorkflowStepKind.RobotRun && task.IsDify)
        {
            errors.Add(new FieldError($"{at}.task_id", WrongTaskKindCode, $"Task \"{task.Name}\" calls a Dify workflow: use a dify step for it."));
        }
        else if (kind == WorkflowStepKind.Dify && !task.IsDify)
        {
            errors.Add(new FieldError($"{at}.task_id", WrongTaskKindCode, $"Task \"{task.Name}\" runs a robot, not a Dify workflow: use a robot_run step for it."));
        }

        var parameters = step.Parameters ?? new Dictionary<string, string>();
        foreach (var (key, template) in parameters)
        {
            var field = $"{at}.parameters.{key}";
            if (!task.Parameters.Any(p => string.Equals(p.Name, key, StringComparison.OrdinalIgnoreCase)))
            {
                errors.Add(new FieldError(field, ParameterValues.UnknownCode, $"Task \"{task.Name}\" declares no parameter \"{key}\"."));
            }
            else
            {
                Template(errors, field, template, scope);
            }
        }

        foreach (var missing in task.Parameters.Where(p => p.Required && string.IsNullOrWhiteSpace(p.Default)
            && !parameters.Any(given => string.Equals(given.Key, p.Name, StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(given.Value))))
        {
            errors.Add(new FieldError($"{at}.parameters.{missing.Name}", ErrorCodes.Required, $"The task requires \"{missing.Name}\" and declares no default: give it a value."));
        }
    }

    private static void CheckHttp(List<FieldError> errors, string at, WorkflowHttpStep http, WorkflowTemplateScope scope)
    {
        if (!WorkflowHttpRules.IsAllowedMethod(http.Method))
        {
            errors.Add(new FieldError($"{at}.method", ErrorCodes.InvalidValue, $"The method is one of {string.Join(", ", WorkflowHttpRules.Methods)}."));
        }

        if (string.IsNullOrEmpty(http.Url))
        {
            errors.Add(new FieldError($"{at}.url", ErrorCodes.Required, "The URL is required."));
        }
        else if (http.Url.Length > WorkflowHttpStep.MaxUrlLength)
        {
            errors.Add(new FieldError($"{at}.url", ErrorCodes.TooLong, $"The URL must be at most {WorkflowHttpStep.MaxUrlLength} characters.", WorkflowHttpStep.MaxUrlLength));
        }
        else
        {
            Template(errors, $"{at}.url", http.Url, scope);
        }

        foreach (var (name, value) in http.Headers ?? new Dictionary<string, string>())
        {
            if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || HeaderNameSymbols.Contains(c)))
            {
                errors.Add(new FieldError($"{at}.headers.{name}", InvalidHeaderCode, $"\"{name}\" is not a valid header name (letters, digits and {HeaderNameSymbols})."));
            }
            else
            {
                Template(errors, $"{at}.headers.{name}", value, scope);
            }
        }

        if (http.Body?.Length > WorkflowHttpStep.MaxBodyLength)
        {
            errors.Add(new FieldError($"{at}.body", ErrorCodes.TooLong, $"The body must be at most {WorkflowHttpStep.MaxBodyLength:N0} characters.", WorkflowHttpStep.MaxBodyLength));
        }
        else
        {
            Template(errors, $"{at}.body", http.Body, scope);
        }

        if (WorkflowHttpRules.CheckStatuses(http.SuccessStatuses) is { } statuses)
        {
            errors.Add(new FieldError($"{at}.success_statuses", InvalidStatusesCode, statuses));
        }

        if (WorkflowTemplates.CheckCondition(http.SuccessCondition, scope with { Response = true }) is { } condition)
        {
            errors.Add(new FieldError($"{at}.success_condition", InvalidTemplateCode, condition));
        }
    }

    private static void CheckWait(List<FieldError> errors, string at, WorkflowWaitStep wait)
    {
        if ((wait.Seconds is null) == (wait.Until is null))
        {
            errors.Add(new FieldError(at, ErrorCodes.InvalidValue, "A wait has either seconds or until, not both and not neither."));
        }
        else if (wait.Seconds is < MinWaitSeconds or > MaxWaitSeconds)
        {
            errors.Add(new FieldError($"{at}.seconds", ErrorCodes.OutOfRange, $"A wait is {MinWaitSeconds} to {MaxWaitSeconds:N0} seconds (30 days).", MaxWaitSeconds));
        }
        else if (wait.Until is { } until && !IsUntil(until))
        {
            errors.Add(new FieldError($"{at}.until", ErrorCodes.InvalidTime, "Until is a time \"HH:mm\" (the next such time) or \"yyyy-MM-dd HH:mm\", in the operators' time zone."));
        }
    }

    private static void CheckApproval(List<FieldError> errors, string at, WorkflowApprovalStep approval, WorkflowTemplateScope scope)
    {
        if (approval.Message?.Length > WorkflowApprovalStep.MaxMessageLength)
        {
            errors.Add(new FieldError($"{at}.message", ErrorCodes.TooLong, $"The message must be at most {WorkflowApprovalStep.MaxMessageLength} characters.", WorkflowApprovalStep.MaxMessageLength));
        }
        else
        {
            Template(errors, $"{at}.message", approval.Message, scope);
        }

        if (!Enum.IsDefined(approval.Approver))
        {
            errors.Add(new FieldError($"{at}.approver", ErrorCodes.InvalidValue, "The approver is operator or admin."));
        }

        if (approval.DeadlineSeconds is < MinDeadlineSeconds or > MaxDeadlineSeconds)
        {
            errors.Add(new FieldError($"{at}.deadline_seconds", ErrorCodes.OutOfRange, $"The deadline is {MinDeadlineSeconds} to {MaxDeadlineSeconds:N0} seconds (30 days).", MaxDeadlineSeconds));
        }
    }

    private static void Template(List<FieldError> errors, string field, string? template, WorkflowTemplateScope scope)
    {
        if (WorkflowTemplates.Check(template, scope) is { } problem)
        {
            errors.Add(new FieldError(field, InvalidTemplateCode, problem));
        }
    }
}
