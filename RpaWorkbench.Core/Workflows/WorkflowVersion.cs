namespace RpaWorkbench.Core.Workflows;

/// <summary>One saved definition of a workflow; never changed once written (editing writes the next one).</summary>
public class WorkflowVersion
{
    public long Id { get; set; }
    public long WorkflowId { get; set; }
    public Workflow? Workflow { get; set; }

    /// <summary>1 for the first definition, then one more per edit.</summary>
    public int Number { get; set; }

    public required WorkflowDefinition Definition { get; set; }

    public required string CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
}
