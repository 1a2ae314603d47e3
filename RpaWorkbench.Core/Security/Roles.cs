namespace RpaWorkbench.Core.Security;

/// <summary>The three roles a Workbench user can have (DESIGN.md §3). Stored as Identity roles with these names.</summary>
public static class Roles
{
    /// <summary>Everything an operator can do, plus users, API keys and settings.</summary>
    public const string Admin = "Admin";

    /// <summary>Edits accounts and tasks, starts and stops runs.</summary>
    public const string Operator = "Operator";

    /// <summary>Reads everything, changes nothing.</summary>
    public const string Viewer = "Viewer";

    public static IReadOnlyList<string> All { get; } = [Admin, Operator, Viewer];
}
