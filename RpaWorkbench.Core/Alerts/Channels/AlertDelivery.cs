namespace RpaWorkbench.Core.Alerts.Channels;

/// <summary>
/// How one send went, as the delivery history shows it: delivered or not, the HTTP status (or SMTP reply code), the
/// channel's answer (its body or reply, cut to <see cref="MaxAnswerLength"/>, secrets never in it), and for a failure
/// whether trying again can help and when at the earliest.
/// </summary>
/// <param name="Delivered">The channel took the message (HTTP 2xx and, for DingTalk / WeCom / Feishu, an <c>errcode</c> / <c>code</c> of 0).</param>
/// <param name="Status">The HTTP status or SMTP reply code; null when no answer came (connection refused, time-out).</param>
/// <param name="Answer">The channel's answer or the error, for the operator.</param>
/// <param name="Retry">A failure that may pass (429, 5xx, throttled error codes, network); false for one that will not (a bad key, 4xx, a bad signature).</param>
/// <param name="RetryAfter">The wait the channel asked for (Slack's <c>Retry-After</c>), if any.</param>
public sealed record AlertDelivery(bool Delivered, int? Status, string Answer, bool Retry, TimeSpan? RetryAfter = null)
{
    public const int MaxAnswerLength = 1000;
}

/// <summary>Sends messages to one kind of channel. One implementation per <see cref="AlertChannelKind"/>, registered as a singleton.</summary>
public interface IAlertChannelSender
{
    AlertChannelKind Kind { get; }

    /// <summary>Sends <paramref name="message"/> once (no retry here: the outbox retries); never throws for a channel's refusal or a network failure, which are returned.</summary>
    Task<AlertDelivery> SendAsync(AlertChannelTarget target, AlertMessage message, CancellationToken cancellationToken);
}
