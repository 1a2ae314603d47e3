using System.ComponentModel.DataAnnotations;

namespace RpaWorkbench.Core.Executions.Retention;

/// <summary>How long execution logs are kept (<c>Workbench:Logs</c>).</summary>
internal sealed class LogRetentionOptions
{
    public const string SectionName = "Workbench:Logs";

    /// <summary>What the page and the doc show when no retention is configured: every log is kept.</summary>
    public const string RetentionOff = "off";

    /// <summary>Logs that started more than this many days ago are deleted; null (the default) keeps every log.</summary>
    [NumberRange(1, ErrorMessage = "{0} must be at least 1 (leave it empty to keep every log).")]
    public int? RetentionDays { get; set; }

    /// <summary>How often the retention job looks for old logs.</summary>
    [TimeSpanRange("00:00:00", MinimumIsExclusive = true)]
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Logs deleted per transaction: each one holds SQLite's write lock, which the webhook ingest needs too.</summary>
    [NumberRange(1, 100_000)]
    public int RetentionBatchSize { get; set; } = 1_000;

    /// <summary>Pause between two batches, so ingest writes between them.</summary>
    [TimeSpanRange("00:00:00")]
    public TimeSpan RetentionPause { get; set; } = TimeSpan.FromMilliseconds(100);
}

[OptionsValidator]
internal sealed partial class LogRetentionOptionsValidator : IValidateOptions<LogRetentionOptions>;

internal static class LogRetentionServiceCollectionExtensions
{
    public static IServiceCollection AddLogRetentionOptions(this IServiceCollection services) =>
        services.AddWorkbenchOptions<LogRetentionOptions, LogRetentionOptionsValidator>(LogRetentionOptions.SectionName, SettingsGroups.Logs, s => s
            .Add(o => o.RetentionDays, "Settings.RetentionDays",
            days => days?.ToString(CultureInfo.InvariantCulture) ?? LogRetentionOptions.RetentionOff)
            .Add(o => o.RetentionInterval, "Settings.RetentionInterval")
            .Add(o => o.RetentionBatchSize, "Settings.RetentionBatchSize")
            .Add(o => o.RetentionPause, "Settings.RetentionPause")).Services;
}
