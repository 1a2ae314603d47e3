namespace RpaWorkbench.Core.Users;

/// <summary>Columns the users list can be sorted by.</summary>
public enum UserSort
{
    UserName,
    DisplayName,
    Created,
    LastSignIn,
}

/// <summary>A page of the users list: search over user and display name, sort, zero-based page.</summary>
public sealed record UserQuery
{
    public const int MaxPageSize = 500;

    public string? Search { get; init; }
    public UserSort SortBy { get; init; } = UserSort.UserName;
    public bool Descending { get; init; }
    public int Page { get; init; }
    public int PageSize { get; init; } = 25;
}

/// <summary>One row of the users list (never the password hash).</summary>
public sealed record UserRow(
    string Id,
    string UserName,
    string? DisplayName,
    string? Role,
    bool IsDisabled,
    DateTime? LockedOutUntil,
    DateTime CreatedAt,
    DateTime? LastSignInAt);

/// <summary>How a sign-in attempt ended, for the audit trail.</summary>
public enum SignInOutcome
{
    Succeeded,
    Failed,

    /// <summary>The user must wait after repeated failures (see <see cref="SignInThrottle"/>); the password was not checked.</summary>
    LockedOut,

    /// <summary>The client address must wait after repeated failures; nothing was checked.</summary>
    Throttled,
}
