namespace RpaWorkbench.Core.Workflows;

/// <summary>The stable codes of workflow refusals (problem details' <c>code</c>; pages translate them).</summary>
public static class WorkflowErrorCodes
{
    /// <summary>The action needs a running run (pause), a paused one (resume), an open one (cancel) or a failed one (restart).</summary>
    public const string RunNotRunning = "WorkflowRunNotRunning";
    public const string RunNotPaused = "WorkflowRunNotPaused";
    public const string RunFinished = "WorkflowRunFinished";
    public const string RunNotFailed = "WorkflowRunNotFailed";

    /// <summary>No step of the run awaits a decision (or not the one named).</summary>
    public const string NoApprovalWaiting = "WorkflowNoApprovalWaiting";

    /// <summary>The input values' field prefix: <c>inputs.order_id</c>.</summary>
    public const string InputsField = "inputs";
}
