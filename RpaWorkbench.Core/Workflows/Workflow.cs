namespace RpaWorkbench.Core.Workflows;

/// <summary>
/// A business process of several steps (robot runs, HTTP requests, Dify workflows, waits, approvals) that pass data
/// along. Its definition is versioned (<see cref="WorkflowVersion"/>): editing adds a version, and a run keeps the
/// version it started with.
/// </summary>
public class Workflow
{
    public const int MaxNameLength = 128;
    public const int MaxDescriptionLength = 1000;

    public long Id { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }

    /// <summary>The newest version's number (1, 2, …): what a new run starts with.</summary>
    public int LatestVersion { get; set; }

    /// <summary>A 5-field cron expression in the operators' time zone: each fire starts a run with the inputs' defaults. Null: started by hand only.</summary>
    public string? Schedule { get; set; }

    /// <summary>Scheduled fires up to this instant were claimed (the scheduler's exactly-once claim, as tasks have).</summary>
    public DateTime? ScheduledThrough { get; set; }

    public required string CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>Optimistic concurrency token, bumped on every change.</summary>
    public int Version { get; set; }
}
