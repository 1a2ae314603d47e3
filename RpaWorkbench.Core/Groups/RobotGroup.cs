using RpaWorkbench.Core.Accounts;

namespace RpaWorkbench.Core.Groups;

/// <summary>A named set of robot accounts (an account may be in several): a target for "any idle robot in the group".</summary>
public class RobotGroup
{
    public const int MaxNameLength = 64;
    public const int MaxDescriptionLength = 500;

    public long Id { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>Optimistic concurrency token, bumped on every edit.</summary>
    public int Version { get; set; }

    public ICollection<Account> Accounts { get; } = [];
}
