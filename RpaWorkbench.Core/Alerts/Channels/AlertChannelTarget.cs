namespace RpaWorkbench.Core.Alerts.Channels;

/// <summary>
/// Where and how to send, with its secrets decrypted (they are stored encrypted with Data Protection and never leave
/// the Core): the webhook URL of a chat channel or a plain webhook, its signing secret, or an SMTP server and recipients.
/// </summary>
/// <param name="Kind">The channel's kind.</param>
/// <param name="Url">DingTalk: <c>…/robot/send?access_token=…</c>; WeCom: <c>…/cgi-bin/webhook/send?key=…</c>; Feishu: <c>…/open-apis/bot/v2/hook/{id}</c>; Slack: the incoming webhook URL; Webhook: any http(s) URL. Null for e-mail.</param>
/// <param name="Secret">DingTalk / Feishu signing secret, or the webhook's HMAC key; null when the channel does not sign.</param>
/// <param name="Smtp">The e-mail channel's server and recipients; null otherwise.</param>
public sealed record AlertChannelTarget(AlertChannelKind Kind, Uri? Url, string? Secret, SmtpTarget? Smtp);

/// <summary>How the SMTP connection is secured: STARTTLS on a plain port (587), TLS from the start (465), or none (a relay on the LAN).</summary>
public enum SmtpSecurity
{
    StartTls,
    Tls,
    None,
}

/// <summary>An SMTP server, its sign-in (both null when it needs none), the sender and the recipients.</summary>
public sealed record SmtpTarget(string Host, int Port, SmtpSecurity Security, string? UserName, string? Password, string From, IReadOnlyList<string> To);
