using RpaWorkbench.Core.Alerts.Channels;

namespace RpaWorkbench.Core.Alerts.Management;

/// <summary>The message "Send test message" sends, in the channel's language: who asked, and what receiving it proves.</summary>
internal static class AlertTestMessage
{
    public static AlertMessage For(AlertChannel channel, string sentBy, Uri? link, DateTime now)
    {
        var chinese = AlertWording.IsChinese(channel.Culture);
        var title = chinese ? $"测试消息：{channel.Name}" : $"Test message: {channel.Name}";
        IReadOnlyList<string> lines = chinese
            ? [$"这是 RPA 工作台的告警渠道测试消息，由 {sentBy} 发送。", "收到这条消息，说明这个渠道已配置正确。"]
            : [$"This is a test message from the RPA Workbench alert channels, sent by {sentBy}.", "If you can read it, this channel is set up correctly."];
        return new AlertMessage(title, lines, AlertSeverity.Info, link, [], channel.Culture) { OccurredAt = now };
    }
}
