using RpaWorkbench.Core.Alerts.Channels;

namespace RpaWorkbench.Core.Alerts;

/// <summary>
/// Where alerts go: a DingTalk / WeCom / Feishu / Slack robot, a plain webhook or an SMTP server with recipients. Its
/// secrets (the whole webhook URL, since DingTalk's token and WeCom's key live in it; the signing secret; the SMTP
/// password) are stored encrypted with Data Protection (<see cref="AlertChannelSecrets"/>) and never shown again; the
/// pages show <see cref="UrlHint"/> and whether a secret is set. Managed by admins.
/// </summary>
public class AlertChannel
{
    public const int MaxNameLength = 100;
    public const int MaxUrlHintLength = 200;

    public long Id { get; set; }
    public required string Name { get; set; }
    public AlertChannelKind Kind { get; set; }
    public bool Enabled { get; set; } = true;

    /// <summary>The language its messages are written in: <c>zh-CN</c> or <c>en</c>.</summary>
    public string Culture { get; set; } = "zh-CN";

    /// <summary>The webhook URL, encrypted; null for e-mail.</summary>
    public string? UrlProtected { get; set; }

    /// <summary>What the pages show of the URL: scheme, host and path with the token or key cut (e.g. <c>https://oapi.dingtalk.com/robot/send?access_token=…a1b2</c>).</summary>
    public string? UrlHint { get; set; }

    /// <summary>The signing secret (DingTalk 加签, Feishu, the webhook's HMAC key), encrypted; null when the channel does not sign.</summary>
    public string? SecretProtected { get; set; }

    public string? SmtpHost { get; set; }
    public int? SmtpPort { get; set; }
    public SmtpSecurity? SmtpSecurity { get; set; }
    public string? SmtpUserName { get; set; }

    /// <summary>The SMTP password, encrypted.</summary>
    public string? SmtpPasswordProtected { get; set; }

    public string? SmtpFrom { get; set; }
    public IReadOnlyList<string> SmtpTo { get; set; } = [];

    public required string CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>Optimistic concurrency token, bumped on every change.</summary>
    public int Version { get; set; }
}
