namespace RpaWorkbench.Core.Alerts.Channels;

/// <summary>
/// One message to send, already in the channel's language: a title, lines of plain text (each may carry a link), the
/// severity, and a link back to the Workbench page it is about. A digest (a burst coalesced, quiet hours' backlog) is one
/// message whose <see cref="Items"/> are the alerts it gathers. Each sender renders it in its channel's own format
/// (DingTalk / WeCom markdown, a Feishu card or post, Slack blocks, an HTML and text e-mail, webhook JSON) and escapes
/// what that format needs.
/// </summary>
/// <param name="Title">One line, e.g. <c>任务连续失败 3 次：日报下载</c>.</param>
/// <param name="Lines">The body's lines, plain text (never markup).</param>
/// <param name="Severity">How urgent.</param>
/// <param name="Link">The Workbench page it is about (built from <c>Workbench:PublicBaseUrl</c>), if any.</param>
/// <param name="Items">For a digest: the alerts it gathers, each a title, its severity and its link; empty otherwise.</param>
/// <param name="Culture">The channel's language, <c>zh-CN</c> or <c>en</c> (a sender's own fixed words, e.g. "Open", follow it).</param>
public sealed record AlertMessage(
    string Title,
    IReadOnlyList<string> Lines,
    AlertSeverity Severity,
    Uri? Link,
    IReadOnlyList<AlertMessageItem> Items,
    string Culture)
{
    /// <summary>What the webhook channel sends as <c>kind</c> and the rules name the alert by (e.g. <c>task_failed_in_a_row</c>); null for a test message.</summary>
    public string? AlertKind { get; init; }

    /// <summary>When the condition was seen (UTC).</summary>
    public DateTime? OccurredAt { get; init; }
}

/// <summary>One alert in a digest.</summary>
public sealed record AlertMessageItem(string Title, AlertSeverity Severity, Uri? Link);
