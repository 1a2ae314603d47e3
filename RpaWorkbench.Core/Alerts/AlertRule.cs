using RpaWorkbench.Core.Alerts.Channels;

namespace RpaWorkbench.Core.Alerts;

/// <summary>
/// When to alert and whom to tell: a kind with its figures, a scope (every filter set must match: app, robot account,
/// robot group, task), a severity, the channels, a de-duplication window (one message per rule and subject in it),
/// quiet hours in the operators' time zone (<c>Workbench:TimeZone</c>; messages are held and sent as one digest per
/// channel when they end) and whether a resolved notice is sent. Managed by operators.
/// </summary>
public class AlertRule
{
    public const int MaxNameLength = 100;

    public long Id { get; set; }
    public required string Name { get; set; }
    public AlertRuleKind Kind { get; set; }
    public bool Enabled { get; set; } = true;
    public AlertSeverity Severity { get; set; } = AlertSeverity.Warning;

    public string? AppName { get; set; }
    public long? AccountId { get; set; }
    public long? GroupId { get; set; }
    public long? TaskId { get; set; }

    /// <summary>Failures in a row, or minutes offline / queued, for the kinds that need it.</summary>
    public int? Threshold { get; set; }

    /// <summary>The success rate (0–100) under which a <see cref="AlertRuleKind.SuccessRateBelow"/> rule fires.</summary>
    public double? Percent { get; set; }

    /// <summary>The window a success rate is counted over.</summary>
    public int? WindowMinutes { get; set; }

    /// <summary>The fewest runs in the window for a success rate to count.</summary>
    public int? MinRuns { get; set; }

    /// <summary>What a success rate is counted per.</summary>
    public AlertGroupBy? GroupBy { get; set; }

    public IReadOnlyList<long> ChannelIds { get; set; } = [];

    /// <summary>One message per rule and subject within this many minutes; repeats are counted into the alert.</summary>
    public int DedupMinutes { get; set; } = 30;

    /// <summary>Quiet hours in the operators' time zone: from (inclusive) to (exclusive), may wrap midnight; both null for none.</summary>
    public TimeOnly? QuietFrom { get; set; }
    public TimeOnly? QuietTo { get; set; }

    /// <summary>Send a notice when a condition alert resolves.</summary>
    public bool SendResolved { get; set; } = true;

    /// <summary>The evaluator's place in what it reads for occurrence kinds (the last execution log, workflow run or batch looked at).</summary>
    public long Cursor { get; set; }

    public required string CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>Optimistic concurrency token, bumped on every change (the evaluator's cursor moves included).</summary>
    public int Version { get; set; }
}
