using RpaWorkbench.Core.Workflows;

namespace RpaWorkbench.Web.Features.Workflows;

/// <summary>
/// One step as the editor edits it: the common fields and every kind's fields (only the chosen kind's are saved, so
/// switching kinds back and forth loses nothing). Headers are edited as <c>Name: value</c> lines.
/// </summary>
public sealed class WorkflowStepForm
{
    public string? Name { get; set; }
    public WorkflowStepKind Kind { get; set; }
    public string? Title { get; set; }
    public int? TimeoutSeconds { get; set; }
    public int Attempts { get; set; } = 1;
    public int BackoffSeconds { get; set; } = 30;
    public WorkflowFailureAction OnFailure { get; set; }
    public string? GoTo { get; set; }

    public long? TaskId { get; set; }
    public Dictionary<string, string?> Parameters { get; } = new(StringComparer.OrdinalIgnoreCase);

    public string Method { get; set; } = "GET";
    public string? Url { get; set; }
    public string? Headers { get; set; }
    public string? Body { get; set; }
    public string SuccessStatuses { get; set; } = "200-299";
    public string? SuccessCondition { get; set; }

    public bool WaitUntil { get; set; }
    public int? WaitSeconds { get; set; } = 60;
    public string? Until { get; set; }

    public string? Message { get; set; }
    public WorkflowApprover Approver { get; set; }
    public int? DeadlineSeconds { get; set; }

    public bool RunsTask => Kind is WorkflowStepKind.RobotRun or WorkflowStepKind.Dify;

    public static WorkflowStepForm From(WorkflowStep step)
    {
        var form = new WorkflowStepForm
        {
            Name = step.Name, Kind = step.Kind, Title = step.Title, TimeoutSeconds = step.TimeoutSeconds, Attempts = step.Attempts,
            BackoffSeconds = step.BackoffSeconds, OnFailure = step.OnFailure, GoTo = step.GoTo, TaskId = step.Task?.TaskId,
        };
        foreach (var (name, value) in step.Task?.Parameters ?? new Dictionary<string, string>())
        {
            form.Parameters[name] = value;
        }

        if (step.Http is { } http)
        {
            (form.Method, form.Url, form.Body, form.SuccessStatuses, form.SuccessCondition) = (http.Method, http.Url, http.Body, http.SuccessStatuses, http.SuccessCondition);
            form.Headers = string.Join('\n', http.Headers.Select(h => $"{h.Key}: {h.Value}"));
        }

        if (step.Wait is { } wait)
        {
            (form.WaitUntil, form.WaitSeconds, form.Until) = (wait.Until is not null, wait.Seconds, wait.Until);
        }

        if (step.Approval is { } approval)
        {
            (form.Message, form.Approver, form.DeadlineSeconds) = (approval.Message, approval.Approver, approval.DeadlineSeconds);
        }

        return form;
    }

    /// <summary>The step with the chosen kind's settings; parameters left blank are not sent (the task's default applies).</summary>
    public WorkflowStep ToStep(IReadOnlyCollection<string> declaredParameters) => new(Name ?? "", Kind)
    {
        Title = Title,
        TimeoutSeconds = TimeoutSeconds,
        Attempts = Attempts,
        BackoffSeconds = BackoffSeconds,
        OnFailure = OnFailure,
        GoTo = OnFailure == WorkflowFailureAction.GoTo ? GoTo : null,
        Task = RunsTask ? new WorkflowTaskStep(TaskId ?? 0)
        {
            Parameters = Parameters.Where(p => !string.IsNullOrWhiteSpace(p.Value) && declaredParameters.Contains(p.Key, StringComparer.OrdinalIgnoreCase))
                .ToDictionary(p => p.Key, p => p.Value!, StringComparer.Ordinal),
        } : null,
        Http = Kind == WorkflowStepKind.Http ? new WorkflowHttpStep(Method, Url ?? "")
        {
            Headers = HeaderLines(),
            Body = Body,
            SuccessStatuses = SuccessStatuses,
            SuccessCondition = SuccessCondition,
        } : null,
        Wait = Kind == WorkflowStepKind.Wait ? new WorkflowWaitStep { Seconds = WaitUntil ? null : WaitSeconds, Until = WaitUntil ? Until : null } : null,
        Approval = Kind == WorkflowStepKind.Approval ? new WorkflowApprovalStep { Message = Message, Approver = Approver, DeadlineSeconds = DeadlineSeconds } : null,
    };

    // "Name: value" per line; a line without a colon is a name with an empty value (the rules then name it).
    private Dictionary<string, string> HeaderLines()
    {
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in (Headers ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[colon < 0 ? line : line[..colon].Trim()] = colon < 0 ? "" : line[(colon + 1)..].Trim();
        }

        return headers;
    }
}
