namespace RpaWorkbench.Core.Accounts;

/// <summary>Columns the accounts list can be sorted by.</summary>
public enum AccountSort
{
    Account,
    Host,
    Port,
    Status,
    RecentApp,
    EndTime,
    TaskCount,
    LastHeartbeat,
    Created,
}

/// <summary>A page of the accounts list: search over account and host, filters, sort, zero-based page.</summary>
public sealed record AccountQuery
{
    public const int MaxPageSize = 500;

    public string? Search { get; init; }
    public AccountStatus? Status { get; init; }
    public bool? Online { get; init; }

    /// <summary>true: only accounts created by callbacks from unknown robots, waiting to be adopted.</summary>
    public bool? Unregistered { get; init; }
    public AccountSort SortBy { get; init; } = AccountSort.Account;
    public bool Descending { get; init; }
    public int Page { get; init; }
    public int PageSize { get; init; } = 25;
}

/// <summary>One row of the accounts list, with the derived task count and online flag.</summary>
public sealed record AccountRow(
    long Id,
    string ShadowBotAccount,
    string HostIp,
    int Port,
    AccountStatus Status,
    string? RecentApp,
    DateTime? EndTime,
    string TaskControl,
    int TaskCount,
    DateTime? LastHeartbeatAt,
    bool IsOnline,
    string? ShadowBotStatus,
    bool Unregistered,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    int Version);
