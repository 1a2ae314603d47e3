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
    /// A caller with an API key (a robot or an integration), never a user's role, and so not in <see cref="All"/>: it
    /// opens only the robot-facing operations that ask for it: reading and replacing a task's configuration
    /// (<see cref="Permissions.RequireReadConfig"/>, <see cref="Permissions.RequireOperateOrRobot"/>) and the logs CSV
    /// export (<see cref="Permissions.RequireReadOrRobot"/>).
    /// </summary>
    public const string Robot = "Robot";
}
