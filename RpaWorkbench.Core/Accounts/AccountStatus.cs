namespace RpaWorkbench.Core.Accounts;

/// <summary>What the robot account last did, as reported by its callbacks.</summary>
public enum AccountStatus
{
    Pending,
    Running,
    Completed,
    Failed,
}
