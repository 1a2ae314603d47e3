using RpaWorkbench.Core.Robots.ShadowBot;

namespace RpaWorkbench.Core.Tasks;

/// <summary>
/// What an operator types to create or edit a task. Times are UTC. <see cref="Version"/> is the
/// <see cref="TaskRow.Version"/> they edited (null when creating). <see cref="ConfigFile"/> replaces the stored config
/// file; <see cref="RemoveConfigFile"/> drops it; neither keeps it. <see cref="ShadowBot"/> replaces the ShadowBot
/// settings (null or all blank: none). <see cref="Parameters"/> replaces the declared parameters (null: none).
/// </summary>
public sealed record TaskInput(
    string? TaskName,
    long? AccountId,
    string? AppName,
    string? ConfigJson = null,
    DateTime? TriggerTime = null,
    string? CronExpression = null,
    TimeSpan? RunTimeout = null,
    string? Version = null)
{
    public ConfigFileUpload? ConfigFile { get; init; }
    public bool RemoveConfigFile { get; init; }
    public ShadowBotTaskSettings? ShadowBot { get; init; }
    public IReadOnlyList<TaskParameter>? Parameters { get; init; }

    /// <summary>Queued runs go to any idle robot of this group instead of the account; null for none.</summary>
    public long? GroupId { get; init; }
}

/// <summary>A config file chosen in the dialog: its name and size (checked by <c>ConfigFileRules</c>) and how to read it.</summary>
public sealed record ConfigFileUpload(string FileName, long Length, Func<CancellationToken, Stream> Open);
