namespace RpaWorkbench.Core.Storage.Proxy;

/// <summary>How a proxied fetch ended; the endpoint maps each to its HTTP status.</summary>
public enum ResourceFetchOutcome
{
    /// <summary>The resource is there to stream.</summary>
    Fetched,

    /// <summary>The <c>url</c> is missing or not an absolute http(s) URL without user info (400).</summary>
    InvalidUrl,

    /// <summary>The host, an address it resolves to, or a redirect's target is not allowed (403).</summary>
    NotAllowed,

    /// <summary>The storage answered 404 or 410 (404).</summary>
    NotFound,

    /// <summary>The body is larger than <see cref="ResourceProxyOptions.ProxyMaxBytes"/> (502).</summary>
    TooLarge,

    /// <summary>The storage could not be reached, answered an error, or redirected too often (502).</summary>
    UpstreamFailed,

    /// <summary>No answer within <see cref="ResourceProxyOptions.ProxyTimeout"/> (504).</summary>
    TimedOut,
}
