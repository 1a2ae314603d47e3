namespace RpaWorkbench.Core.Alerts.Channels;

/// <summary>
/// How many messages a channel accepts, from its documentation: DingTalk and WeCom 20 a minute per robot (DingTalk then
/// throttles for 10 minutes), Feishu 5 a second and 100 a minute per bot, Slack about 1 a second per webhook. E-mail and
/// plain webhooks have no published limit; one a second keeps a burst polite. The outbox coalesces what would exceed them.
/// </summary>
public static class AlertChannelLimits
{
    /// <summary>The windows that apply to <paramref name="kind"/>: at most Count messages in any Window.</summary>
    public static IReadOnlyList<(int Count, TimeSpan Window)> Of(AlertChannelKind kind) => kind switch
    {
        AlertChannelKind.DingTalk or AlertChannelKind.WeCom => [(20, TimeSpan.FromMinutes(1))],
        AlertChannelKind.Feishu => [(5, TimeSpan.FromSeconds(1)), (100, TimeSpan.FromMinutes(1))],
        _ => [(1, TimeSpan.FromSeconds(1))],
    };
}
