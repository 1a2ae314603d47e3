namespace RpaWorkbench.Core.Alerts.Channels;

/// <summary>
/// The few fixed words the senders add around a message, in the channel's language (zh-CN or en).
/// They live here rather than in the Web project's resources because the Core renders the messages.
/// </summary>
internal static class AlertWording
{
    public static bool IsChinese(string culture) => culture.StartsWith("zh", StringComparison.OrdinalIgnoreCase);

    public static string Severity(AlertSeverity severity, string culture) => (severity, IsChinese(culture)) switch
    {
        (AlertSeverity.Critical, true) => "严重",
        (AlertSeverity.Warning, true) => "警告",
        (_, true) => "提示",
        (AlertSeverity.Critical, false) => "Critical",
        (AlertSeverity.Warning, false) => "Warning",
        _ => "Info",
    };

    public static string SeverityLabel(string culture) => IsChinese(culture) ? "级别" : "Severity";

    /// <summary>The caption of the button that opens the page (Slack, e-mail).</summary>
    public static string Open(string culture) => IsChinese(culture) ? "在 Workbench 中打开" : "Open in Workbench";

    /// <summary>The caption of the link that opens the page in a chat message (DingTalk, WeCom, Feishu).</summary>
    public static string View(string culture) => IsChinese(culture) ? "在 Workbench 中查看" : "Open in Workbench";

    /// <summary>What a resolved notice's title starts with.</summary>
    public static string Resolved(string culture) => IsChinese(culture) ? "已恢复：" : "Resolved: ";

    /// <summary>A digest's title: how many alerts it gathers (always more than one).</summary>
    public static string Digest(int count, string culture) =>
        IsChinese(culture) ? string.Create(CultureInfo.InvariantCulture, $"{count} 条告警") : string.Create(CultureInfo.InvariantCulture, $"{count} alerts");
}
