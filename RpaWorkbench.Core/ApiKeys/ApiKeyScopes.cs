namespace RpaWorkbench.Core.ApiKeys;

/// <summary>
/// What a key may do. <see cref="Robot"/> opens the robot-facing routes only (webhooks, a task's config and config
/// file); the others act as the Workbench role of the same name, never above the key's owner's role.
/// </summary>
public static class ApiKeyScopes
{
    public const string Robot = "robot";
    public const string Viewer = "viewer";
    public const string Operator = "operator";
    public const string Admin = "admin";

    public static IReadOnlyList<string> All { get; } = [Robot, Viewer, Operator, Admin];

    // Lowest to highest: a key acts with the lower of its scope's role and its owner's.
    private static readonly string[] RolesByRank = [Roles.Viewer, Roles.Operator, Roles.Admin];

    public static bool IsValid(string? scope) => scope is not null && All.Contains(scope);

    /// <summary>
    /// The role a key of <paramref name="scope"/> acts with when its owner has <paramref name="ownerRoles"/>: the
    /// robot role for robot keys, otherwise the lower of the scope's role and the owner's highest; null when the owner
    /// has no Workbench role (the key is refused).
    /// </summary>
    public static string? EffectiveRole(string scope, IReadOnlyCollection<string> ownerRoles)
    {
        if (scope == Robot)
        {
            return ownerRoles.Any(Roles.All.Contains) ? Roles.Robot : null;
        }

        var ownerRank = ownerRoles.Select(r => Array.IndexOf(RolesByRank, r)).DefaultIfEmpty(-1).Max();
        var rank = Math.Min(Array.IndexOf(RolesByRank, RoleOf(scope)), ownerRank);
        return rank < 0 ? null : RolesByRank[rank];
    }

    /// <summary>Whether an owner with <paramref name="ownerRoles"/> may hold a key of <paramref name="scope"/> at full strength.</summary>
    public static bool OwnerMayGrant(string scope, IReadOnlyCollection<string> ownerRoles) =>
        EffectiveRole(scope, ownerRoles) == (scope == Robot ? Roles.Robot : RoleOf(scope));

    private static string RoleOf(string scope) => scope switch
    {
        Viewer => Roles.Viewer,
        Operator => Roles.Operator,
        Admin => Roles.Admin,
        _ => throw new ArgumentOutOfRangeException(nameof(scope), scope, "Not a scope with a Workbench role."),
    };
}
