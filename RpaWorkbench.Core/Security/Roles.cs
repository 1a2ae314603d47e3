namespace RpaWorkbench.Core.Security;

/// <summary>The three roles a Workbench user can have (Admin, Operator, Viewer). Stored as Identity roles with these names.</summary>
public static class Roles
{
    /// <summary>Everything an operator can do, plus users, API keys and settings.</summary>
    public const string Admin = "Admin";

    /// <summary>Edits accounts and tasks, starts and stops runs.</summary>
    public const string Operator = "Operator";

    /// <summary>Reads everything, changes nothing.</summary>
    public const string Viewer = "Viewer";

    public static IReadOnlyList<string> All { get; } = [Admin, Operator, Viewer];

    /// <summary>
    /// A caller with a robot-scoped API key, never a user's role, and so not in <see cref="All"/>: it opens only the
    /// robot-facing operations that ask for it: the webhooks, and reading and replacing a task's configuration
    /// (<see cref="Permissions.RequireReadConfig"/>, <see cref="Permissions.RequireOperateOrRobot"/>). Keys of the other
    /// scopes carry a Workbench role instead (see <c>ApiKeyScopes</c>).
    /// </summary>
    public const string Robot = "Robot";
}
