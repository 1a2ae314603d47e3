namespace RpaWorkbench.Core.Security;

/// <summary>
/// Who is calling a Core service: the signed-in operator of a page or request, or nobody. Core services check roles
/// through it; the web host supplies it from the circuit's or the request's authentication state.
/// </summary>
public interface ICurrentUser
{
    /// <summary>The user's id, or null when nobody is signed in.</summary>
    string? Id { get; }

    /// <summary>The user's sign-in name, or null when nobody is signed in.</summary>
    string? Name { get; }

    /// <summary>The name to show: the user's display name, else <see cref="Name"/>.</summary>
    string? DisplayName { get; }

    /// <summary>The roles of <see cref="Roles"/> the user has.</summary>
    IReadOnlyList<string> Roles { get; }

    bool IsAuthenticated { get; }

    /// <summary>The caller's network address as the server sees it (for the audit trail), or null when unknown.</summary>
    string? ClientAddress { get; }

    /// <summary>The id of the sign-in session the caller uses (its own row in the sessions list), or null outside one.</summary>
    string? SessionId => null;

    /// <summary>The API key the caller presented, or null for a person (or the Workbench itself).</summary>
    ApiKeyCaller? ApiKey => null;

    bool IsInRole(string role);
}

/// <summary>A caller's API key: its id and name, and its owner's user id and name (null for the Workbench's own keys).</summary>
public sealed record ApiKeyCaller(long Id, string Name, string? OwnerId, string? Owner);
