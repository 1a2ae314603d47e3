namespace RpaWorkbench.Core.Groups;

/// <summary>
/// What an operator types to create or edit a group. <see cref="AccountIds"/> null leaves the members as they are;
/// <see cref="Version"/> is the version they edited.
/// </summary>
public sealed record RobotGroupInput(string? Name, string? Description, IReadOnlyList<long>? AccountIds = null, int? Version = null);

/// <summary>A page of the groups list: search over the name, sorted by name, zero-based page.</summary>
public sealed record RobotGroupQuery
{
    public const int MaxPageSize = 500;

    public string? Search { get; init; }
    public bool Descending { get; init; }
    public int Page { get; init; }
    public int PageSize { get; init; } = 25;
}

/// <summary>One row of the groups list: how many accounts are members and how many of them are online now.</summary>
public record RobotGroupRow(
    long Id,
    string Name,
    string? Description,
    int MemberCount,
    int OnlineCount,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    int Version);

/// <summary>One member of a group, online as the accounts page decides it.</summary>
public sealed record RobotGroupMember(long AccountId, string ShadowBotAccount, string HostIp, bool IsOnline);

/// <summary>A group's row with its members, sorted by ShadowBot account.</summary>
public sealed record RobotGroupDetail : RobotGroupRow
{
    public RobotGroupDetail(RobotGroupRow row, IReadOnlyList<RobotGroupMember> members)
        : base(row) => Members = members;

    public IReadOnlyList<RobotGroupMember> Members { get; }
}
