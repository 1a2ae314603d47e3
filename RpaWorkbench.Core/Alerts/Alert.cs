using RpaWorkbench.Core.Alerts.Channels;

namespace RpaWorkbench.Core.Alerts;

/// <summary>
/// One alert a rule raised about one subject (a task, a robot, an app, a run, a batch): its text in both languages,
/// how often it was seen, and for a condition when it resolved. At most one firing alert per rule and subject
/// (<see cref="OpenKey"/> is unique); its messages to each channel are <see cref="AlertNotification"/> rows.
/// </summary>
public class Alert
{
    public const int MaxSubjectKeyLength = 200;

    public long Id { get; set; }

    /// <summary>The rule; null once the rule is deleted (the history stays).</summary>
    public long? RuleId { get; set; }
    public AlertRule? Rule { get; set; }
    public required string RuleName { get; set; }
    public AlertRuleKind Kind { get; set; }
    public AlertSeverity Severity { get; set; }

    /// <summary>What it is about, as a key: <c>task:12</c>, <c>account:3</c>, <c>app:日报下载</c>, <c>log:881</c>, <c>batch:5</c>, <c>workflow_run:40</c>, <c>dispatch_run:77</c>.</summary>
    public required string SubjectKey { get; set; }

    public AlertState State { get; set; }

    /// <summary><c>{RuleId}|{SubjectKey}</c> while firing, null otherwise: the unique index that keeps one firing alert per rule and subject.</summary>
    public string? OpenKey { get; set; }

    public required AlertText TextEn { get; set; }
    public required AlertText TextZh { get; set; }

    /// <summary>The Workbench page it is about, relative to <c>Workbench:PublicBaseUrl</c> (e.g. <c>/logs?task=12</c>).</summary>
    public string? LinkPath { get; set; }

    public DateTime FiredAt { get; set; }
    public DateTime LastSeenAt { get; set; }

    /// <summary>How many times it was seen (repeats within the de-duplication window count here).</summary>
    public int Occurrences { get; set; } = 1;

    /// <summary>When its channels were last told (the de-duplication window runs from here).</summary>
    public DateTime? LastNotifiedAt { get; set; }

    public DateTime? ResolvedAt { get; set; }

    public int Version { get; set; }

    /// <summary>The condition cleared (or nothing watches it any more): it stops firing, which frees its open key.</summary>
    public void Resolve(DateTime now)
    {
        State = AlertState.Resolved;
        OpenKey = null;
        ResolvedAt = now;
        Version++;
    }

    public AlertText TextIn(string culture) => AlertWording.IsChinese(culture) ? TextZh : TextEn;
}

/// <summary>Firing (a condition that holds), resolved (it cleared), or an occurrence (a one-off event: nothing to resolve).</summary>
public enum AlertState
{
    Firing,
    Resolved,
    Occurred,
}

/// <summary>An alert's words in one language: a title line and plain-text detail lines.</summary>
public sealed record AlertText(string Title, IReadOnlyList<string> Lines);
