namespace RpaWorkbench.Core.Dify;

/// <summary>How a Dify workflow run ended, as the dispatcher records it.</summary>
public enum DifyRunOutcome
{
    /// <summary>The workflow finished (<c>succeeded</c>, or <c>partial-succeeded</c>).</summary>
    Succeeded,

    /// <summary>Dify ran it and it failed or was stopped, or Dify refused the request (bad inputs, key, workflow): retrying the same run will not help.</summary>
    Failed,

    /// <summary>Dify did not answer within <see cref="DifyOptions.RunTimeout"/>: the run may be retried.</summary>
    TimedOut,

    /// <summary>Dify was unreachable or overloaded (429, 5xx, an answer that is not Dify's): the run may be retried.</summary>
    Unavailable,
}

/// <param name="Outputs">The workflow's <c>data.outputs</c> as a JSON object, when it returned one.</param>
/// <param name="Error">What went wrong, for operators; null when it succeeded.</param>
/// <param name="WorkflowRunId">Dify's <c>workflow_run_id</c>, when it ran.</param>
public sealed record DifyRunResult(DifyRunOutcome Outcome, string? Outputs, string? Error, string? WorkflowRunId, DateTime StartedAt, DateTime EndedAt);
