namespace RpaWorkbench.Core.Alerts.Channels;

/// <summary>Where an alert is sent. Stored by name; REST and the pages use the snake_case names (<c>ding_talk</c>, <c>we_com</c>, …).</summary>
public enum AlertChannelKind
{
    /// <summary>A DingTalk (钉钉) custom robot: markdown messages, optional 加签 signing, 20 a minute.</summary>
    DingTalk,

    /// <summary>A WeCom (企业微信) group robot: markdown ≤ 4,096 bytes, 20 a minute; the key in the URL is the only secret.</summary>
    WeCom,

    /// <summary>A Feishu / Lark custom bot: optional signing in the body, 5 a second and 100 a minute.</summary>
    Feishu,

    /// <summary>A Slack incoming webhook: Block Kit, about 1 a second, 429 with Retry-After.</summary>
    Slack,

    /// <summary>E-mail through an SMTP server (MailKit): HTML and text bodies.</summary>
    Email,

    /// <summary>JSON to any URL, signed with HMAC-SHA256 of the body when a secret is set.</summary>
    Webhook,
}
