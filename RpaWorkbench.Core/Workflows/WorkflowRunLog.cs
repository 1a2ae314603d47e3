namespace RpaWorkbench.Core.Workflows;

/// <summary>Adds lines to a run's log in the caller's transaction (never saves).</summary>
public static class WorkflowRunLog
{
    public static void Add(WorkbenchDbContext db, long runId, long? stepRunId, WorkflowLogLevel level, string message, DateTime at) =>
        db.WorkflowLogLines.Add(new WorkflowLogLine
        {
            RunId = runId,
            StepRunId = stepRunId,
            Level = level,
            Message = message.Length <= WorkflowLogLine.MaxMessageLength ? message : message[..(WorkflowLogLine.MaxMessageLength - 1)] + "…",
            At = at,
        });
}
