namespace RpaWorkbench.Core.Data;

/// <summary><c>Workbench:Database</c>.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Workbench:Database";
    public const string ConnectionStringName = "Workbench";
    public const string DefaultConnectionString = "Data Source=data/workbench.db";

    /// <summary>How long a writer waits for SQLite's lock before giving up.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How often a background task copies the WAL into the database file (and the webhook writer the last frames,
    /// so the log starts over). Short keeps each checkpoint's disk flush, which commits queue behind, short. Zero
    /// leaves it to SQLite, which then checkpoints inside whichever commit crosses 1,000 pages — usually the webhook
    /// writer's.
    /// </summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMilliseconds(250);
}
