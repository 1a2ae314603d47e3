namespace RpaWorkbench.Core.Data;

/// <summary><c>Workbench:Database</c>.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Workbench:Database";
    public const string ConnectionStringName = "Workbench";
    public const string DefaultConnectionString = "Data Source=data/workbench.db";

    /// <summary>How long a writer waits for SQLite's lock before giving up.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
