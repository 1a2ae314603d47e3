using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Tasks;

namespace RpaWorkbench.Core.Accounts;

/// <summary>A ShadowBot robot login on one machine (account + host + port is unique).</summary>
public class Account
{
    public long Id { get; set; }
    public required string ShadowBotAccount { get; set; }
    public required string HostIp { get; set; }
    public int Port { get; set; }
    public AccountStatus Status { get; set; } = AccountStatus.Pending;
    public string? RecentApp { get; set; }
    public DateTime? EndTime { get; set; }

    /// <summary><c>{account}-{host}:{port}</c>, derived; the robot's address through the intranet tunnel.</summary>
    public required string TaskControl { get; set; }

    public DateTime? LastHeartbeatAt { get; set; }

    /// <summary>The robot client's status as ShadowBot's client/list last reported it (connected, idle, allocated, running, offline).</summary>
    public string? ShadowBotStatus { get; set; }

    /// <summary>Created by a callback from a robot nobody registered; an operator adopts it by editing it.</summary>
    public bool Unregistered { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>Optimistic concurrency token, bumped on every edit.</summary>
    public int Version { get; set; }

    public ICollection<RobotTask> Tasks { get; } = [];

    /// <summary>The robot groups this account belongs to.</summary>
    public ICollection<Groups.RobotGroup> Groups { get; } = [];

    /// <summary>
    /// Records that the robot's run of <paramref name="appName"/> ended at <paramref name="endedAt"/>. The robot's own
    /// reports (completed, failed) can arrive out of order: one that ended before the last known end leaves the account
    /// as it is. The Workbench's verdicts (stopped, timed out, lost) are decided now about the run in progress and
    /// always apply.
    /// </summary>
    public void EndRun(ExecutionStatus outcome, string appName, DateTime endedAt, DateTime now)
    {
        var reportedByRobot = outcome is ExecutionStatus.Completed or ExecutionStatus.Failed;
        if (reportedByRobot && EndTime is { } lastEnd && endedAt < lastEnd)
        {
            return;
        }

        Status = StatusAfter(outcome);
        EndTime = endedAt;
        RecentApp = appName;
        UpdatedAt = now;
    }

    /// <summary>The robot's status after a run that ended so: idle after a stop, failed unless it completed.</summary>
    public static AccountStatus StatusAfter(ExecutionStatus outcome) => outcome switch
    {
        ExecutionStatus.Completed => AccountStatus.Completed,
        ExecutionStatus.Stopped => AccountStatus.Pending,
        _ => AccountStatus.Failed,
    };
}
