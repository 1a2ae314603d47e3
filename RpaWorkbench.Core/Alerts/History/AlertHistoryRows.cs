using RpaWorkbench.Core.Alerts.Channels;

namespace RpaWorkbench.Core.Alerts.History;

/// <summary>A page of the alert history, newest first; every filter given must match; zero-based page.</summary>
public sealed record AlertQuery
{
    public const int MaxPageSize = 500;

    public AlertState? State { get; init; }
    public AlertSeverity? Severity { get; init; }
    public AlertRuleKind? Kind { get; init; }
    public long? RuleId { get; init; }

    /// <summary>Fired at or after this instant (UTC).</summary>
    public DateTime? Since { get; init; }

    public int Page { get; init; }
    public int PageSize { get; init; } = 25;
}

/// <summary>
/// One alert as the history shows it: what raised it, about what, its words in both languages, how often it was seen,
/// and how its messages went (delivered, still to send — pending, held or sending — and failed).
/// </summary>
public sealed record AlertRow(
    long Id,
    long? RuleId,
    string RuleName,
    AlertRuleKind Kind,
    AlertSeverity Severity,
    string SubjectKey,
    AlertState State,
    AlertText TextEn,
    AlertText TextZh,
    string? LinkPath,
    DateTime FiredAt,
    DateTime LastSeenAt,
    int Occurrences,
    DateTime? ResolvedAt,
    int Delivered,
    int Waiting,
    int Failed)
{
    public AlertText TextIn(string culture) => AlertWording.IsChinese(culture) ? TextZh : TextEn;
}

/// <summary>A page of the delivery history, newest first; zero-based page.</summary>
public sealed record AlertDeliveryQuery
{
    public const int MaxPageSize = 500;

    public long? ChannelId { get; init; }
    public AlertNotificationState? State { get; init; }
    public long? AlertId { get; init; }
    public int Page { get; init; }
    public int PageSize { get; init; } = 25;
}

/// <summary>
/// One message to one channel: why it was sent (firing, resolved, a digest, a test), where it stands, how many sends
/// were tried, the last status and the channel's answer, and the digest that carried it when coalesced.
/// </summary>
public sealed record AlertDeliveryRow(
    long Id,
    long? AlertId,
    long? ChannelId,
    string ChannelName,
    AlertNotificationPurpose Purpose,
    AlertNotificationState State,
    string Title,
    int Items,
    int Attempts,
    DateTime CreatedAt,
    DateTime NextAttemptAt,
    DateTime? SentAt,
    int? Status,
    string? Answer,
    long? DigestId);
