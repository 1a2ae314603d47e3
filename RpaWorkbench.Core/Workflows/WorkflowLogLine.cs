namespace RpaWorkbench.Core.Workflows;

/// <summary>A line of a run's log, of one step's attempt or of the run itself.</summary>
public class WorkflowLogLine
{
    public const int MaxMessageLength = 2000;

    public long Id { get; set; }
    public long RunId { get; set; }
    public long? StepRunId { get; set; }
    public DateTime At { get; set; }
    public WorkflowLogLevel Level { get; set; }
    public required string Message { get; set; }
}
