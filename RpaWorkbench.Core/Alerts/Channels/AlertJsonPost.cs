using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RpaWorkbench.Core.Alerts.Channels;

/// <summary>
/// How a channel reports the outcome in its answer's body: the field holding the result code (the first one present
/// counts, e.g. Feishu's <c>code</c> or its legacy <c>StatusCode</c>), where 0 means delivered, and the codes that mean
/// "throttled, try later". Null <see cref="AlertJsonPost.SendAsync"/> answer codes mean the HTTP status alone decides.
/// </summary>
internal sealed record AlertAnswerCodes(IReadOnlyList<string> CodeFields, IReadOnlySet<long> Retryable);

/// <summary>
/// Posts one JSON message to a channel and turns what happens into an <see cref="AlertDelivery"/>: delivered only for
/// HTTP 2xx with a result code of 0 (when the channel has one); retryable for 408, 429, 5xx, a throttling code, a network
/// failure or a time-out; not retryable otherwise. The answer is the channel's body (or the failure), with every
/// secret masked, cut to <see cref="AlertDelivery.MaxAnswerLength"/>. Only the caller's own cancellation throws.
/// </summary>
internal static class AlertJsonPost
{
    private const int MinQuerySecretLength = 8;
    private const int MaxAnswerBytes = 64 * 1024;

    // Chinese text as UTF-8 rather than \uXXXX escapes: half the bytes against the services' body limits (Feishu: 20 KB).
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Posts <paramref name="body"/> to <paramref name="url"/> once; <paramref name="secrets"/> (and the URL's query values) never appear in the answer.</summary>
    public static async Task<AlertDelivery> SendAsync(HttpClient client, Uri url, JsonNode body, AlertAnswerCodes? codes,
        IEnumerable<string?> secrets, TimeProvider clock, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(body.ToJsonString(Json), Encoding.UTF8, "application/json"),
        };
        return await SendAsync(client, request, codes, secrets, clock, cancellationToken);
    }

    /// <summary>Sends <paramref name="request"/> once, for a channel that builds its own (a signature header, raw bytes).</summary>
    public static async Task<AlertDelivery> SendAsync(HttpClient client, HttpRequestMessage request, AlertAnswerCodes? codes,
        IEnumerable<string?> secrets, TimeProvider clock, CancellationToken cancellationToken)
    {
        var mask = SecretsOf(request.RequestUri!, secrets);
        // The client's time-out covers the headers; this one covers reading the answer too.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(client.Timeout);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            var answer = await ReadAnswerAsync(response.Content, deadline.Token);
            return Judge(response, answer.Length > 0 ? answer : $"{(int)response.StatusCode} {response.ReasonPhrase}", codes, mask, clock.GetUtcNow());
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            return new AlertDelivery(false, null, AlertAnswerText.Clean($"No answer: {ex.Message}", mask), Retry: true);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new AlertDelivery(false, null, FormattableString.Invariant($"No answer within {client.Timeout.TotalSeconds:0.###} s"), Retry: true);
        }
    }

    // The services answer a few hundred bytes; a page that goes on is not read past MaxAnswerBytes.
    private static async Task<string> ReadAnswerAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[MaxAnswerBytes];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }

        return Encoding.UTF8.GetString(buffer, 0, length);
    }

    private static AlertDelivery Judge(HttpResponseMessage response, string answer, AlertAnswerCodes? codes, IReadOnlyList<string> mask, DateTimeOffset now)
    {
        var status = (int)response.StatusCode;
        var shown = AlertAnswerText.Clean(answer, mask);
        var retryAfter = RetryAfter(response.Headers.RetryAfter, now);
        if (status is (int)HttpStatusCode.RequestTimeout or (int)HttpStatusCode.TooManyRequests or >= 500)
        {
            return new AlertDelivery(false, status, shown, Retry: true, retryAfter);
        }

        var code = codes is null ? null : CodeOf(answer, codes.CodeFields);
        var success = status is >= 200 and < 300;
        if (codes is null)
        {
            return new AlertDelivery(success, status, shown, Retry: false, success ? null : retryAfter);
        }

        if (code is { } value && codes.Retryable.Contains(value))
        {
            return new AlertDelivery(false, status, shown, Retry: true, retryAfter);
        }

        // A 2xx without the service's result code is not the service answering (a proxy's page, a wrong URL).
        return new AlertDelivery(success && code == 0, status, shown, Retry: false);
    }

    private static long? CodeOf(string answer, IReadOnlyList<string> fields)
    {
        try
        {
            if (JsonNode.Parse(answer) is not JsonObject json)
            {
                return null;
            }

            return fields.Select(field => json[field]).OfType<JsonValue>()
                .Select(value => value.TryGetValue(out long code) ? code : (long?)null)
                .FirstOrDefault(code => code is not null);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static TimeSpan? RetryAfter(RetryConditionHeaderValue? header, DateTimeOffset now) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
        _ => null,
    };

    // The URL's query values (access_token, key: any of 8 characters or more, so "?v=1" does not mask every "1") and
    // the caller's secrets, raw and URL-encoded.
    private static List<string> SecretsOf(Uri url, IEnumerable<string?> secrets)
    {
        var query = url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2) is [_, var value] ? Uri.UnescapeDataString(value) : null)
            .Where(value => value is { Length: >= MinQuerySecretLength });
        return secrets.Concat(query).OfType<string>().Where(secret => secret.Length > 0)
            .SelectMany(secret => new[] { secret, Uri.EscapeDataString(secret) })
            .Distinct(StringComparer.Ordinal).ToList();
    }
}
