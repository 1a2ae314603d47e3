using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Robots.ShadowBot;

namespace RpaWorkbench.Core.Tasks;

/// <summary>An app to run on one robot account, by hand, once at a trigger time, or on a cron schedule.</summary>
public class RobotTask
{
    public long Id { get; set; }
    public required string TaskName { get; set; }
    public long AccountId { get; set; }
    public Account? Account { get; set; }

    /// <summary>
    /// Runs through the dispatch queue (a batch's items, a start of the task) go to any idle robot of this group
    /// instead of <see cref="AccountId"/>; null sends them to the task's account.
    /// </summary>
    public long? GroupId { get; set; }
    public Groups.RobotGroup? Group { get; set; }

    /// <summary>Set when the task's queued runs call a Dify workflow instead of a robot.</summary>
    public Dify.DifyTaskSettings? Dify { get; set; }
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

    /// <summary>The ShadowBot job of the run in progress (its jobUuid), when the run was started through the ShadowBot OpenAPI.</summary>
    public string? CurrentJobUuid { get; set; }

    /// <summary>When the run in progress was started.</summary>
    public DateTime? RunStartedAt { get; set; }

    /// <summary>Overrides <c>Workbench:Robots:RunTimeout</c> for this task.</summary>
    public TimeSpan? RunTimeout { get; set; }

    /// <summary>The parameters each run of the task is given values for, in the order they were declared.</summary>
    public IReadOnlyList<TaskParameter> Parameters { get; set; } = [];

    /// <summary>How runs start as ShadowBot jobs; null when the task has no ShadowBot app.</summary>
    public ShadowBotTaskSettings? ShadowBot { get; set; }

    /// <summary>Why the last start/stop attempt failed, shown to operators.</summary>
    public string? ErrorMessage { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>
    /// Ends the run in progress, whoever decided how (the robot's callback, a force-stop, the watchdog): the task is
    /// pending again, its last run time the run's start (never moved back by an older run), its error the run's
    /// message unless it completed. A report of an earlier run (<paramref name="runId"/> is not the run in progress)
    /// changes nothing and returns false; a report without a run id ends whatever runs.
    /// </summary>
    public bool EndRun(string? runId, ExecutionStatus outcome, DateTime startedAt, string? error, DateTime now)
    {
        if (runId is not null && CurrentRunId is not null && runId != CurrentRunId)
        {
            return false;
        }

        Status = RobotTaskStatus.Pending;
        CurrentRunId = null;
        CurrentJobUuid = null;
        LastRunTime = LastRunTime is { } last && last > startedAt ? last : startedAt;
        ErrorMessage = outcome == ExecutionStatus.Completed ? null : error;
        UpdatedAt = now;
        return true;
    }

    /// <summary>
    /// Gives up a start that never reached a robot (the agent refused or was unreachable, or the Workbench restarted
    /// meanwhile): pending again with the reason; no run happened, so the last run time stays.
    /// </summary>
    /// <exception cref="InvalidOperationException">The task is not starting.</exception>
    public void AbandonStart(string? reason, DateTime now)
    {
        if (Status != RobotTaskStatus.Starting)
        {
            throw new InvalidOperationException($"Only a starting task's start can be abandoned; task {Id} is {Status}.");
        }

        Status = RobotTaskStatus.Pending;
        CurrentRunId = null;
        CurrentJobUuid = null;
        ErrorMessage = reason;
        UpdatedAt = now;
    }
}
