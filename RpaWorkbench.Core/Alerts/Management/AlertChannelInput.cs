using RpaWorkbench.Core.Alerts.Channels;

namespace RpaWorkbench.Core.Alerts.Management;

/// <summary>
/// What an admin types to create or edit a channel. On an edit a secret left empty (<see cref="Url"/>, <see cref="Secret"/>,
/// <see cref="SmtpPassword"/>) keeps the stored one; <see cref="ClearSecret"/> / <see cref="ClearSmtpPassword"/> remove it.
/// <see cref="Version"/> is the version edited (null: whatever is stored).
/// </summary>
public sealed record AlertChannelInput
{
    public string? Name { get; init; }
    public AlertChannelKind? Kind { get; init; }
    public string? Culture { get; init; }

    /// <summary>Null keeps the channel as it is (a new one is enabled).</summary>
    public bool? Enabled { get; init; }

    /// <summary>The webhook URL of every kind but e-mail (a secret: DingTalk's token and WeCom's key are in it).</summary>
    public string? Url { get; init; }

    /// <summary>The signing secret (DingTalk 加签, Feishu, the webhook's HMAC key); ignored by WeCom, Slack and e-mail.</summary>
    public string? Secret { get; init; }

    public bool ClearSecret { get; init; }

    public string? SmtpHost { get; init; }
    public int? SmtpPort { get; init; }
    public SmtpSecurity? SmtpSecurity { get; init; }
    public string? SmtpUserName { get; init; }
    public string? SmtpPassword { get; init; }
    public bool ClearSmtpPassword { get; init; }
    public string? SmtpFrom { get; init; }
    public IReadOnlyList<string>? SmtpTo { get; init; }

    public int? Version { get; init; }
}

/// <summary>
/// A channel as pages and the API show it: never a secret, only <see cref="UrlHint"/> and whether a signing secret or an
/// SMTP password is set, and how its last send (alert or test) went.
/// </summary>
public sealed record AlertChannelView(
    long Id,
    string Name,
    AlertChannelKind Kind,
    string Culture,
    bool Enabled,
    string? UrlHint,
    bool HasSecret,
    string? SmtpHost,
    int? SmtpPort,
    SmtpSecurity? SmtpSecurity,
    string? SmtpUserName,
    bool HasSmtpPassword,
    string? SmtpFrom,
    IReadOnlyList<string> SmtpTo,
    AlertNotificationState? LastDeliveryState,
    DateTime? LastDeliveryAt,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    int Version);
