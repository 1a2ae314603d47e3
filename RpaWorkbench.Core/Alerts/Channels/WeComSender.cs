using System.Text.Json.Nodes;

namespace RpaWorkbench.Core.Alerts.Channels;

/// <summary>
/// Sends to a WeCom group robot: a markdown message of at most <see cref="MaxContentBytes"/> bytes of UTF-8 (longer
/// content is cut on a character boundary and ends in "…"). The key in the URL is the only secret. <c>errcode</c> 0 is
/// delivered; 45009 ("api freq out of limit") may pass later.
/// </summary>
internal sealed class WeComSender(IHttpClientFactory clients, TimeProvider clock) : IAlertChannelSender
{
    /// <summary>WeCom refuses markdown content longer than this many bytes.</summary>
    public const int MaxContentBytes = 4096;

    /// <summary>WeCom's answer when a robot sends more than 20 messages a minute.</summary>
    public const long FrequencyOutOfLimit = 45009;

    private static readonly AlertAnswerCodes Codes = new(["errcode"], new HashSet<long> { FrequencyOutOfLimit });

    public AlertChannelKind Kind => AlertChannelKind.WeCom;

    public Task<AlertDelivery> SendAsync(AlertChannelTarget target, AlertMessage message, CancellationToken cancellationToken)
    {
        var url = target.Url ?? throw new ArgumentException("A WeCom channel needs its webhook URL.", nameof(target));
        var body = new JsonObject
        {
            ["msgtype"] = "markdown",
            ["markdown"] = new JsonObject { ["content"] = AlertMarkdown.CutToBytes(AlertMarkdown.Render(message), MaxContentBytes) },
        };
        return AlertJsonPost.SendAsync(clients.CreateClient(AlertChannelHttp.ClientName), url, body, Codes, [], clock, cancellationToken);
    }
}
