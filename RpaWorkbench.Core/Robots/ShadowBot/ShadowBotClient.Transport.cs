using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace RpaWorkbench.Core.Robots.ShadowBot;

// How every call travels: a token, the rate limit, back-off on 429, one fresh token on 401, and the envelope unwrapped.
public sealed partial class ShadowBotClient(
    HttpClient http,
    IOptions<ShadowBotOptions> options,
    ShadowBotTokenCache tokens,
    ShadowBotRateLimits limits,
    TimeProvider time,
    ILogger<ShadowBotClient> logger)
{
    /// <summary>How often a call answered 429 is tried again before <see cref="ShadowBotErrorKind.RateLimited"/> is thrown.</summary>
    public const int MaxRateLimitRetries = 3;

    /// <summary>The first back-off after a 429 without Retry-After; doubled for each further one.</summary>
    public static readonly TimeSpan RateLimitBackoff = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(30);

    private async Task<T> CallAsync<T>(string endpoint, Func<HttpContent> body, CancellationToken cancellationToken) where T : class =>
        Required(Unwrap(await ExchangeWithTokenAsync<T>(endpoint, body, cancellationToken)), endpoint, "data");

    private async Task<ShadowBotAnswer<T>> ExchangeWithTokenAsync<T>(string endpoint, Func<HttpContent> body, CancellationToken cancellationToken)
    {
        var token = await tokens.GetAsync(FetchTokenAsync, rejected: null, cancellationToken);
        var answer = await ExchangeAsync<T>(HttpMethod.Post, endpoint, body, token, cancellationToken);
        if (answer.Code != (int)HttpStatusCode.Unauthorized)
        {
            return answer;
        }

        logger.LogInformation("ShadowBot refused the access token for {Endpoint}; fetching a new one and trying once more.", endpoint);
        token = await tokens.GetAsync(FetchTokenAsync, rejected: token, cancellationToken);
        return await ExchangeAsync<T>(HttpMethod.Post, endpoint, body, token, cancellationToken);
    }

    private async Task<ShadowBotToken> FetchTokenAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(settings.AccessKeyId) || string.IsNullOrWhiteSpace(settings.AccessKeySecret))
        {
            throw new ShadowBotException(ShadowBotErrorKind.NotConfigured, ShadowBotEndpoints.Token, 0, null,
                $"ShadowBot is not configured: set {ShadowBotOptions.SectionName}:{nameof(ShadowBotOptions.AccessKeyId)} and {nameof(ShadowBotOptions.AccessKeySecret)}.");
        }

        var query = $"{ShadowBotEndpoints.Token}?accessKeyId={Uri.EscapeDataString(settings.AccessKeyId)}&accessKeySecret={Uri.EscapeDataString(settings.AccessKeySecret)}";
        var answer = await ExchangeAsync<ShadowBotToken>(HttpMethod.Get, query, null, null, cancellationToken);
        var token = Unwrap(answer);
        if (token is not { AccessToken.Length: > 0, ExpiresIn: > 0 })
        {
            throw new ShadowBotException(ShadowBotErrorKind.Failed, ShadowBotEndpoints.Token, answer.Code, answer.RequestId,
                $"ShadowBot's answer to {ShadowBotEndpoints.Token} carried no usable token.");
        }

        logger.LogInformation("Fetched a ShadowBot access token valid for {ExpiresIn} s.", token.ExpiresIn);
        return token;
    }

    /// <summary>One call, waiting for the rate limit and backing off while ShadowBot answers 429.</summary>
    private async Task<ShadowBotAnswer<T>> ExchangeAsync<T>(HttpMethod method, string pathAndQuery, Func<HttpContent>? body, string? token,
        CancellationToken cancellationToken)
    {
        var endpoint = pathAndQuery.Split('?')[0];
        for (var retry = 0; ; retry++)
        {
            await limits.WaitAsync(endpoint, cancellationToken);
            using var request = new HttpRequestMessage(method, "oapi/" + pathAndQuery) { Content = body?.Invoke() };
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            using var response = await SendAsync(request, endpoint, cancellationToken);
            var answer = await ReadAsync<T>(response, endpoint, cancellationToken);
            if (answer.Code != (int)HttpStatusCode.TooManyRequests || retry == MaxRateLimitRetries)
            {
                return answer;
            }

            var delay = RetryDelay(response.Headers.RetryAfter, retry);
            logger.LogWarning("ShadowBot rate-limited {Endpoint} (429); trying again in {Delay}.", endpoint, delay);
            await Task.Delay(delay, time, cancellationToken);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string endpoint, CancellationToken cancellationToken)
    {
        try
        {
            return await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new ShadowBotException(ShadowBotErrorKind.Unreachable, endpoint, 0, null,
                $"ShadowBot at {http.BaseAddress} could not be reached for {endpoint}: {e.Message}");
        }
    }

    private static async Task<ShadowBotAnswer<T>> ReadAsync<T>(HttpResponseMessage response, string endpoint, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        ShadowBotEnvelope<T>? envelope;
        try
        {
            envelope = await response.Content.ReadFromJsonAsync<ShadowBotEnvelope<T>>(ShadowBotJson.Options, cancellationToken);
        }
        catch (JsonException)
        {
            envelope = null;
        }

        // An HTTP error status says more than a body; a 200 carries its real outcome in the envelope's code.
        var code = !response.IsSuccessStatusCode || envelope?.Code is null ? status : envelope.Code.Value;
        var success = response.IsSuccessStatusCode && envelope is not null
            && (envelope.Success ?? envelope.Code is (int)HttpStatusCode.OK or 0);
        return new ShadowBotAnswer<T>(endpoint, code, success, envelope?.Msg, envelope?.RequestId, envelope is null ? default : envelope.Data, envelope?.Page);
    }

    private TimeSpan RetryDelay(RetryConditionHeaderValue? retryAfter, int retry)
    {
        var asked = retryAfter?.Delta ?? (retryAfter?.Date is { } date ? date - time.GetUtcNow() : null);
        var delay = asked ?? RateLimitBackoff * (1 << retry);
        return delay < TimeSpan.Zero ? TimeSpan.Zero : delay > MaxRetryAfter ? MaxRetryAfter : delay;
    }

    private T? Unwrap<T>(ShadowBotAnswer<T> answer)
    {
        if (answer.Success)
        {
            return answer.Data;
        }

        var endpoint = answer.Endpoint;
        var (kind, meaning) = answer.Code switch
        {
            400 => (ShadowBotErrorKind.BadRequest, $"refused {endpoint} as a bad request (400: wrong parameters or access key pair)"),
            401 => (ShadowBotErrorKind.Unauthorized, $"refused the access token for {endpoint} (401) even after a new one was fetched; check {ShadowBotOptions.SectionName}:{nameof(ShadowBotOptions.AccessKeyId)} and {nameof(ShadowBotOptions.AccessKeySecret)}"),
            429 => (ShadowBotErrorKind.RateLimited, $"rate-limited {endpoint} (429 RequestLimitExceeded) after {MaxRateLimitRetries} retries; try again later or ask ShadowBot support to raise the limit"),
            >= 500 and < 600 => (ShadowBotErrorKind.ServerError, $"failed {endpoint} with an internal error ({answer.Code})"),
            _ => (ShadowBotErrorKind.Failed, $"did not accept {endpoint} (code {answer.Code})"),
        };
        var detail = string.IsNullOrWhiteSpace(answer.Msg) ? "" : ": " + Scrub(answer.Msg);
        var reference = answer.RequestId is null ? "" : $" (requestId {answer.RequestId})";
        throw new ShadowBotException(kind, endpoint, answer.Code, answer.RequestId, $"ShadowBot {meaning}{detail}{reference}.");
    }

    private static T Required<T>(T? value, string endpoint, string field) where T : class =>
        value ?? throw new ShadowBotException(ShadowBotErrorKind.Failed, endpoint, 200, null, $"ShadowBot's answer to {endpoint} lacked {field}.");

    // ShadowBot's own message could echo what it was sent; the key secret and tokens never reach an operator or a log.
    private string Scrub(string message)
    {
        var secret = options.Value.AccessKeySecret;
        var scrubbed = string.IsNullOrEmpty(secret) ? message : message.Replace(secret, "***", StringComparison.Ordinal);
        return tokens.Current is { } current ? scrubbed.Replace(current, "***", StringComparison.Ordinal) : scrubbed;
    }
}

/// <summary>ShadowBot's response envelope; client/list adds a page block beside data.</summary>
internal sealed record ShadowBotEnvelope<T>(int? Code, bool? Success, string? Msg, string? RequestId, T? Data, ShadowBotPageBlock? Page);

internal sealed record ShadowBotPageBlock(int Total, int Size, int Page, int Pages);

internal sealed record ShadowBotAnswer<T>(string Endpoint, int Code, bool Success, string? Msg, string? RequestId, T? Data, ShadowBotPageBlock? Page);
