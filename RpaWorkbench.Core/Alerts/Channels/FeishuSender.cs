using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace RpaWorkbench.Core.Alerts.Channels;

/// <summary>
/// Sends to a Feishu / Lark custom bot: an interactive card (a header coloured by severity, the lines as plain text, a
/// digest's items as links, a button to the Workbench), signed when the channel has a secret by <c>timestamp</c> (seconds)
/// and <c>sign</c> in the body. <c>code</c> (or the legacy <c>StatusCode</c>) 0 is delivered; 11232 (frequency limited)
/// may pass later.
/// </summary>
internal sealed class FeishuSender(IHttpClientFactory clients, TimeProvider clock) : IAlertChannelSender
{
    /// <summary>Feishu's answer when a bot sends more than 5 messages a second or 100 a minute.</summary>
    public const long FrequencyLimited = 11232;

    private static readonly AlertAnswerCodes Codes = new(["code", "StatusCode"], new HashSet<long> { FrequencyLimited });

    public AlertChannelKind Kind => AlertChannelKind.Feishu;

    public Task<AlertDelivery> SendAsync(AlertChannelTarget target, AlertMessage message, CancellationToken cancellationToken)
    {
        var url = target.Url ?? throw new ArgumentException("A Feishu channel needs its webhook URL.", nameof(target));
        var body = new JsonObject();
        string? sign = null;
        if (!string.IsNullOrEmpty(target.Secret))
        {
            var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
            sign = Sign(target.Secret, timestamp);
            body["timestamp"] = timestamp.ToString(CultureInfo.InvariantCulture);
            body["sign"] = sign;
        }

        body["msg_type"] = "interactive";
        body["card"] = FeishuCard.Render(message);
        // The hook's id (the last segment of its path) is as secret as a token.
        return AlertJsonPost.SendAsync(clients.CreateClient(AlertChannelHttp.ClientName), url, body, Codes,
            [target.Secret, sign, url.Segments[^1].Trim('/')], clock, cancellationToken);
    }

    /// <summary>
    /// Feishu's signature: Base64(HMAC-SHA256 keyed by <c>timestamp + "\n" + secret</c> over an EMPTY message). Unlike
    /// DingTalk's, the secret is in the key, not the message; mixing them up is Feishu's error 19021.
    /// </summary>
    public static string Sign(string secret, long timestampSeconds)
    {
        var key = Encoding.UTF8.GetBytes($"{timestampSeconds.ToString(CultureInfo.InvariantCulture)}\n{secret}");
        return Convert.ToBase64String(HMACSHA256.HashData(key, Array.Empty<byte>()));
    }
}
