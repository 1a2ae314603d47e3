namespace RpaWorkbench.Core.Executions.Retention;

/// <summary>How long execution logs are kept (<c>Workbench:Logs</c>).</summary>
public sealed class LogRetentionOptions
{
    public const string SectionName = "Workbench:Logs";

    /// <summary>Logs that started more than this many days ago are deleted; null (the default) keeps every log.</summary>
    public int? RetentionDays { get; set; }

    /// <summary>How often the retention job looks for old logs.</summary>
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Logs deleted per transaction: each one holds SQLite's write lock, which the webhook ingest needs too.</summary>
    public int RetentionBatchSize { get; set; } = 1_000;

    /// <summary>Pause between two batches, so ingest writes between them.</summary>
    public TimeSpan RetentionPause { get; set; } = TimeSpan.FromMilliseconds(100);
}
