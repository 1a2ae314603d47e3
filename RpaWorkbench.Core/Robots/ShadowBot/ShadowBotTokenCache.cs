namespace RpaWorkbench.Core.Robots.ShadowBot;

/// <summary>
/// The one access token every ShadowBot call shares: kept until 300 s before ShadowBot said it expires (as its own MCP
/// server does), and fetched by one caller at a time however many calls need it at once.
/// </summary>
public sealed class ShadowBotTokenCache(TimeProvider time) : IDisposable
{
    /// <summary>How long before its stated expiry a token is replaced, so no call starts with a token about to lapse.</summary>
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromSeconds(300);

    private readonly SemaphoreSlim _fetching = new(1, 1);
    private volatile CachedToken? _token;

    /// <summary>
    /// The cached token, or a new one from <paramref name="fetch"/>. <paramref name="rejected"/> is a token ShadowBot just
    /// answered 401 to: it is not handed out again, but a newer one fetched meanwhile by another call is.
    /// </summary>
    internal async Task<string> GetAsync(Func<CancellationToken, Task<ShadowBotToken>> fetch, string? rejected, CancellationToken cancellationToken)
    {
        if (Usable(_token, rejected) is { } cached)
        {
            return cached;
        }

        await _fetching.WaitAsync(cancellationToken);
        try
        {
            if (Usable(_token, rejected) is { } fetchedMeanwhile)
            {
                return fetchedMeanwhile;
            }

            var token = await fetch(cancellationToken);
            _token = new CachedToken(token.AccessToken, time.GetUtcNow() + TimeSpan.FromSeconds(token.ExpiresIn) - RefreshMargin);
            return token.AccessToken;
        }
        finally
        {
            _fetching.Release();
        }
    }

    /// <summary>The token last fetched, so messages from ShadowBot can be scrubbed of it.</summary>
    internal string? Current => _token?.Value;

    public void Dispose() => _fetching.Dispose();

    private string? Usable(CachedToken? token, string? rejected) =>
        token is not null && token.Value != rejected && time.GetUtcNow() < token.ReplaceAt ? token.Value : null;

    private sealed record CachedToken(string Value, DateTimeOffset ReplaceAt);
}

/// <summary>token/create's data: the token and its lifetime in seconds.</summary>
internal sealed record ShadowBotToken(string AccessToken, int ExpiresIn);
