using RpaWorkbench.Core.Alerts.Channels;

namespace RpaWorkbench.Core.Alerts.Management;

/// <summary>
/// What an operator sets on a rule (a whole rule: an edit replaces every field). Only the figures its kind uses may be
/// set (<see cref="AlertRuleRules"/>); <see cref="Version"/> is the version they edited.
/// </summary>
public sealed record AlertRuleInput
{
    public string? Name { get; init; }
    public AlertRuleKind? Kind { get; init; }
    public AlertSeverity Severity { get; init; } = AlertSeverity.Warning;
    public bool Enabled { get; init; } = true;

    public string? AppName { get; init; }
    public long? AccountId { get; init; }
    public long? GroupId { get; init; }
    public long? TaskId { get; init; }

    public int? Threshold { get; init; }
    public double? Percent { get; init; }
    public int? WindowMinutes { get; init; }
    public int? MinRuns { get; init; }
    public AlertGroupBy? GroupBy { get; init; }

    public IReadOnlyList<long> ChannelIds { get; init; } = [];
    public int DedupMinutes { get; init; } = 30;
    public TimeOnly? QuietFrom { get; init; }
    public TimeOnly? QuietTo { get; init; }

    /// <summary>Whether a resolved notice is sent; null means yes for conditions. Occurrences have nothing to resolve.</summary>
    public bool? SendResolved { get; init; }

    public int? Version { get; init; }
}

/// <summary>A filter of the rules list: by kind and whether enabled; sorted by name.</summary>
public sealed record AlertRuleQuery
{
    public AlertRuleKind? Kind { get; init; }
    public bool? Enabled { get; init; }
}

/// <summary>What a rule is limited to, with the names of the account, group and task it names (null when none or deleted).</summary>
public sealed record AlertRuleScope(
    string? AppName,
    long? AccountId,
    string? AccountName,
    long? GroupId,
    string? GroupName,
    long? TaskId,
    string? TaskName);

/// <summary>One of a rule's channels, by name; a channel deleted since is left out.</summary>
public sealed record AlertRuleChannel(long Id, string Name, AlertChannelKind Kind, bool Enabled);

/// <summary>A rule as the rules list and the REST API show it. Quiet hours are <c>"HH:mm"</c> wall-clock times in the operators' zone.</summary>
public sealed record AlertRuleView(
    long Id,
    string Name,
    AlertRuleKind Kind,
    bool Enabled,
    AlertSeverity Severity,
    AlertRuleScope Scope,
    int? Threshold,
    double? Percent,
    int? WindowMinutes,
    int? MinRuns,
    AlertGroupBy? GroupBy,
    IReadOnlyList<AlertRuleChannel> Channels,
    int DedupMinutes,
    string? QuietFrom,
    string? QuietTo,
    bool SendResolved,
    string CreatedBy,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    int Version);

/// <summary>One thing a rule can be scoped to, by the name the pages show.</summary>
public sealed record AlertRuleChoice(long Id, string Name);

/// <summary>What the rule dialog offers: the apps the tasks run, the accounts, groups and tasks, and the channels (by name).</summary>
public sealed record AlertRuleChoices(
    IReadOnlyList<string> AppNames,
    IReadOnlyList<AlertRuleChoice> Accounts,
    IReadOnlyList<AlertRuleChoice> Groups,
    IReadOnlyList<AlertRuleChoice> Tasks,
    IReadOnlyList<AlertRuleChannel> Channels);
