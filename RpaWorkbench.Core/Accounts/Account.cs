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

    /// <summary>Created by a callback from a robot nobody registered; an operator adopts it by editing it.</summary>
    public bool Unregistered { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>Optimistic concurrency token, bumped on every edit.</summary>
    public int Version { get; set; }

    public ICollection<RobotTask> Tasks { get; } = [];
}
