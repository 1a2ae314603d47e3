using System.Net.Http.Headers;

namespace RpaWorkbench.Core.Alerts.Channels;

/// <summary>
/// Posts a rendered message once with the channels' HTTP client and says how it went, for channels whose answer is the
/// HTTP status (Slack, plain webhooks): 2xx delivered; 408, 429 and 5xx worth another try (with the Retry-After asked
/// for); any other status will not pass by itself. A network failure or time-out is returned, never thrown.
/// </summary>
internal static class AlertHttpDelivery
{
    public static async Task<AlertDelivery> PostAsync(IHttpClientFactory clients, TimeProvider clock, HttpRequestMessage request,
        string?[] secrets, CancellationToken cancellationToken)
    {
        var host = request.RequestUri!.Host;
        try
        {
            using var response = await clients.CreateClient(AlertChannelHttp.ClientName).SendAsync(request, cancellationToken);
            var status = (int)response.StatusCode;
            var body = await ReadStartAsync(response.Content, cancellationToken);
            var answer = AlertAnswerText.Clean(body.Length > 0 ? body : $"{status} {response.ReasonPhrase}", secrets);
            return new AlertDelivery(
                Delivered: response.IsSuccessStatusCode,
                Status: status,
                Answer: answer,
                Retry: status is 408 or 429 or >= 500,
                RetryAfter: response.IsSuccessStatusCode ? null : RetryAfter(response.Headers.RetryAfter, clock));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new AlertDelivery(false, null, $"{host} did not answer within {AlertChannelHttp.SendTimeout.TotalSeconds:0} s.", Retry: true);
        }
        catch (HttpRequestException ex)
        {
            // The message names at most the host and port; masking also covers a URL a handler might quote.
            return new AlertDelivery(false, null, AlertAnswerText.Clean($"{host} could not be reached: {ex.Message}", secrets), Retry: true);
        }
    }

    // A chat service's error page can be large; the history keeps only the start of it.
    private static async Task<string> ReadStartAsync(HttpContent content, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(await content.ReadAsStreamAsync(cancellationToken));
        var buffer = new char[AlertDelivery.MaxAnswerLength + 1];
        var read = await reader.ReadBlockAsync(buffer, cancellationToken);
        return new string(buffer, 0, read);
    }

    private static TimeSpan? RetryAfter(RetryConditionHeaderValue? header, TimeProvider clock) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date > clock.GetUtcNow() ? date - clock.GetUtcNow() : TimeSpan.Zero,
        _ => null,
    };
}
