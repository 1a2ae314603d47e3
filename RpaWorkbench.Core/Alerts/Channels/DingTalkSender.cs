using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace RpaWorkbench.Core.Alerts.Channels;

/// <summary>
/// Sends to a DingTalk custom robot: a markdown message, signed (加签) when the channel has a secret by appending
/// <c>&amp;timestamp=…&amp;sign=…</c> to the URL. <c>errcode</c> 0 is delivered; 130101 ("send too fast") may pass later.
/// </summary>
internal sealed class DingTalkSender(IHttpClientFactory clients, TimeProvider clock) : IAlertChannelSender
{
    /// <summary>DingTalk's answer when a robot sends more than 20 messages a minute (it is then throttled for 10 minutes).</summary>
    public const long SendTooFast = 130101;

    private static readonly AlertAnswerCodes Codes = new(["errcode"], new HashSet<long> { SendTooFast });

    public AlertChannelKind Kind => AlertChannelKind.DingTalk;

    public Task<AlertDelivery> SendAsync(AlertChannelTarget target, AlertMessage message, CancellationToken cancellationToken)
    {
        var url = target.Url ?? throw new ArgumentException("A DingTalk channel needs its webhook URL.", nameof(target));
        string? sign = null;
        if (!string.IsNullOrEmpty(target.Secret))
        {
            var timestamp = clock.GetUtcNow().ToUnixTimeMilliseconds();
            sign = Sign(target.Secret, timestamp);
            url = new Uri($"{url.AbsoluteUri}{(url.Query.Length > 0 ? "&" : "?")}timestamp={timestamp}&sign={Uri.EscapeDataString(sign)}");
        }

        var body = new JsonObject
        {
            ["msgtype"] = "markdown",
            ["markdown"] = new JsonObject
            {
                // The title is what the notification and the chat list show; the text is the message itself.
                ["title"] = $"{AlertMarkdown.Emoji(message.Severity)} {message.Title.ReplaceLineEndings(" ")}",
                ["text"] = AlertMarkdown.Render(message),
            },
        };
        return AlertJsonPost.SendAsync(clients.CreateClient(AlertChannelHttp.ClientName), url, body, Codes,
            [target.Secret, sign], clock, cancellationToken);
    }

    /// <summary>DingTalk's signature: Base64(HMAC-SHA256 keyed by the secret over <c>timestamp + "\n" + secret</c>), not yet URL-encoded.</summary>
    public static string Sign(string secret, long timestampMilliseconds)
    {
        var key = Encoding.UTF8.GetBytes(secret);
        var stringToSign = Encoding.UTF8.GetBytes($"{timestampMilliseconds.ToString(CultureInfo.InvariantCulture)}\n{secret}");
        return Convert.ToBase64String(HMACSHA256.HashData(key, stringToSign));
    }
}
