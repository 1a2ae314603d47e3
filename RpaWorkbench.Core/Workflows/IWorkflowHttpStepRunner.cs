namespace RpaWorkbench.Core.Workflows;

/// <summary>
/// Sends an HTTP step's request and judges its answer. The engine commits the attempt as running first, calls this
/// outside any transaction, then records the outcome; the templates are rendered here (secrets only in what is sent).
/// </summary>
public interface IWorkflowHttpStepRunner
{
    Task<WorkflowStepOutcome> RunAsync(WorkflowHttpStep step, WorkflowTemplateModel model, TimeSpan timeout, CancellationToken cancellationToken);
}

/// <summary>
/// How an attempt ended: <paramref name="Inputs"/> is what it was given as a JSON object (an HTTP request with secrets
/// masked), <paramref name="Outputs"/> what later steps read (a JSON object), <paramref name="Error"/> why it failed.
/// </summary>
public sealed record WorkflowStepOutcome(bool Succeeded, string? Inputs, string? Outputs, string? Error);
