namespace RpaWorkbench.Core.Accounts;

/// <summary><c>Workbench:Accounts</c>.</summary>
public sealed class AccountOptions
{
    public const string SectionName = "Workbench:Accounts";

    /// <summary>A robot is shown offline when its last heartbeat is older than this.</summary>
    public TimeSpan OfflineAfter { get; set; } = TimeSpan.FromSeconds(90);
}
