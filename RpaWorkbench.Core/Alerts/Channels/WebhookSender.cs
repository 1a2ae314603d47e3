using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RpaWorkbench.Core.Alerts.Channels;

/// <summary>
/// Posts the alert as JSON to any URL: <c>{"kind","title","lines","severity","link","occurred_at","items"}</c> in UTF-8,
/// with <c>X-Workbench-Timestamp</c> (Unix seconds) and, when a secret is set, <c>X-Workbench-Signature: sha256=&lt;hex&gt;</c>,
/// the lowercase hex HMAC-SHA256 keyed by the secret over <c>"&lt;timestamp&gt;." + the body's bytes</c>. Signing the timestamp
/// with the body lets a receiver refuse a replayed old request. 2xx is delivered; 408, 429, 5xx and network failures retry.
/// </summary>
internal sealed class WebhookSender(IHttpClientFactory clients, TimeProvider clock) : IAlertChannelSender
{
    public const string TimestampHeader = "X-Workbench-Timestamp";
    public const string SignatureHeader = "X-Workbench-Signature";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public AlertChannelKind Kind => AlertChannelKind.Webhook;

    public async Task<AlertDelivery> SendAsync(AlertChannelTarget target, AlertMessage message, CancellationToken cancellationToken)
    {
        var url = target.Url ?? throw new ArgumentException("A webhook channel needs its URL.", nameof(target));
        var body = Render(message);
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        request.Headers.Add(TimestampHeader, timestamp);
        if (!string.IsNullOrEmpty(target.Secret))
        {
            request.Headers.Add(SignatureHeader, Signature(target.Secret, timestamp, body));
        }

        return await AlertJsonPost.SendAsync(clients.CreateClient(AlertChannelHttp.ClientName), request, codes: null, [target.Secret, url.Query], clock, cancellationToken);
    }

    /// <summary>The request body for <paramref name="message"/>, as UTF-8 JSON bytes.</summary>
    public static byte[] Render(AlertMessage message) => JsonSerializer.SerializeToUtf8Bytes(new Payload(
        message.AlertKind,
        message.Title,
        message.Lines,
        message.Severity,
        message.Link?.AbsoluteUri,
        message.OccurredAt is { } at ? DateTime.SpecifyKind(at, DateTimeKind.Utc) : null,
        [.. message.Items.Select(i => new PayloadItem(i.Title, i.Severity, i.Link?.AbsoluteUri))]), Json);

    /// <summary><c>sha256=</c> and the lowercase hex HMAC-SHA256 keyed by <paramref name="secret"/> over <c>timestamp + "." + body</c>.</summary>
    public static string Signature(string secret, string timestamp, byte[] body)
    {
        byte[] signed = [.. Encoding.UTF8.GetBytes(timestamp + "."), .. body];
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }

    private sealed record Payload(string? Kind, string Title, IReadOnlyList<string> Lines, AlertSeverity Severity, string? Link,
        DateTime? OccurredAt, IReadOnlyList<PayloadItem> Items);

    private sealed record PayloadItem(string Title, AlertSeverity Severity, string? Link);
}
