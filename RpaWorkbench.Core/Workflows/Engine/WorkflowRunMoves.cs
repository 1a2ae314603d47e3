using RpaWorkbench.Core.Dispatch;

namespace RpaWorkbench.Core.Workflows.Engine;

/// <summary>
/// One run being advanced in one transaction: the tracked run, its version's definition, all its attempts, the
/// instant of the pass, and what must happen after the commit (robot runs to stop, HTTP requests to send).
/// </summary>
internal sealed class WorkflowRunMoves(WorkbenchDbContext db, WorkflowRun run, WorkflowDefinition definition, List<WorkflowStepRun> attempts, DateTime now)
{
    public WorkbenchDbContext Db { get; } = db;
    public WorkflowRun Run { get; } = run;
    public WorkflowDefinition Definition { get; } = definition;
    public List<WorkflowStepRun> Attempts { get; } = attempts;
    public DateTime Now { get; } = now;

    /// <summary>A robot or Dify run was queued or taken off the queue.</summary>
    public bool QueueChanged { get; set; }

    public List<InFlightRun> ToStop { get; } = [];
    public List<WorkflowHttpCall> HttpCalls { get; } = [];

    /// <summary>The latest attempt of the run's current step, if any.</summary>
    public WorkflowStepRun? Current => Run.CurrentStepIndex is { } index
        ? Attempts.Where(a => a.StepIndex == index).MaxBy(a => a.Attempt)
        : null;

    public WorkflowStep StepOf(WorkflowStepRun attempt) => Definition.Steps[attempt.StepIndex];

    /// <summary>
    /// What a template of <paramref name="attempt"/>'s step reads: the run's inputs and id, each earlier step's latest
    /// ended attempt (its snake_case status, and its outputs when it succeeded), and the configured secrets for an HTTP step only.
    /// </summary>
    public WorkflowTemplateModel ModelFor(WorkflowStepRun attempt, IReadOnlyDictionary<string, string> secrets)
    {
        var step = StepOf(attempt);
        var model = new WorkflowTemplateModel(Run.Inputs, step.Kind == WorkflowStepKind.Http ? secrets : new Dictionary<string, string>(), Run.Id);
        for (var index = 0; index < attempt.StepIndex; index++)
        {
            var ended = Attempts.Where(a => a.StepIndex == index && !WorkflowStepRun.IsOpen(a.State)).MaxBy(a => a.Attempt);
            if (ended is not null)
            {
                // A step that did not succeed has no outputs to pass on (on failure: continue runs the next one as if it had, with none).
                model.WithStep(Definition.Steps[index].Name, ContractName.Of(ended.State), ended.State == WorkflowStepState.Succeeded ? ended.Outputs : null);
            }
        }

        return model;
    }

    /// <summary>When the engine must look again: the current attempt's backoff, deadline or lease; null when it waits for an event.</summary>
    public DateTime? NextWakeAt()
    {
        if (Run.State != WorkflowRunState.Running || Current is not { } current)
        {
            return null;
        }

        return current.State switch
        {
            WorkflowStepState.Pending => current.NotBefore is { } notBefore && notBefore > Now ? notBefore : Now,
            WorkflowStepState.Running or WorkflowStepState.Waiting => Earliest(current.DueAt, current.LeaseUntil),
            // An ended attempt not yet acted on (the pass stopped at its move limit): at once.
            _ => Now,
        };
    }

    private static DateTime? Earliest(DateTime? first, DateTime? second) =>
        first is null ? second : second is null ? first : first < second ? first : second;
}

/// <summary>An HTTP step's request to send after the commit that marked its attempt running (at <paramref name="AttemptVersion"/>).</summary>
internal sealed record WorkflowHttpCall(long RunId, long WorkflowId, long AttemptId, int AttemptVersion, WorkflowHttpStep Step, WorkflowTemplateModel Model, TimeSpan Timeout);
