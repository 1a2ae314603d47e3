using RpaWorkbench.Core.Accounts;

namespace RpaWorkbench.Core.Tasks;

/// <summary>An app to run on one robot account, by hand, once at a trigger time, or on a cron schedule.</summary>
public class RobotTask
{
    public long Id { get; set; }
    public required string TaskName { get; set; }
    public long AccountId { get; set; }
    public Account? Account { get; set; }
    public required string AppName { get; set; }
    public RobotTaskStatus Status { get; set; } = RobotTaskStatus.Pending;
    public DateTime? LastRunTime { get; set; }
    public string? ConfigJson { get; set; }

    /// <summary>Object-store key of the uploaded config file.</summary>
    public string? ConfigFileKey { get; set; }

    public DateTime? TriggerTime { get; set; }
    public string? CronExpression { get; set; }

    /// <summary>
    /// Every fire time of <see cref="TriggerTime"/> and <see cref="CronExpression"/> up to this instant (UTC) has been
    /// handled: fired, skipped, or set before the schedule was. The task service moves it to "now" when the schedule
    /// changes; the scheduler claims a fire by moving it forward with a conditional update, so each fire happens once,
    /// also across restarts and instances.
    /// </summary>
    public DateTime? ScheduledThrough { get; set; }

    /// <summary>The run in progress (starting, running or stopping): its id is the agent's idempotency key and the
    /// <c>execution_id</c> the robot reports back.</summary>
    public string? CurrentRunId { get; set; }

    /// <summary>When the run in progress was started.</summary>
    public DateTime? RunStartedAt { get; set; }

    /// <summary>Overrides <c>Workbench:Robots:RunTimeout</c> for this task.</summary>
    public TimeSpan? RunTimeout { get; set; }

    /// <summary>Why the last start/stop attempt failed, shown to operators.</summary>
    public string? ErrorMessage { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}
