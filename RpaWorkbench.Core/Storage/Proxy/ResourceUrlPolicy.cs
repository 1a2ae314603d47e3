using System.Net;

namespace RpaWorkbench.Core.Storage.Proxy;

/// <summary>
/// The proxy's rules for a URL, before any DNS look-up or connection: an absolute http or https URL of at most
/// <see cref="MaxLength"/> characters, no user info, no spaces, control characters or backslashes, and a host name on
/// the allow-list (never an IP address in any notation, never localhost). The addresses a name resolves to are checked
/// separately, at connect time (<see cref="GuardedConnector"/>). A link to a run file in the Workbench's own store
/// (<see cref="StoredObjectLinks"/>) — relative, or absolute under one of <paramref name="workbenchBaseUrls"/> — is
/// read from the store, never fetched: the Workbench's own address is not on the allow-list, and need not be.
/// </summary>
/// <param name="hosts">The storage host names the proxy may fetch from.</param>
/// <param name="workbenchBaseUrls">The Workbench's own base URLs at the time of the check (they are known once it listens).</param>
public sealed class ResourceUrlPolicy(HostAllowList hosts, Func<IReadOnlyList<Uri>> workbenchBaseUrls)
{
    public const string Field = "url";
    public const int MaxLength = 4096;

    /// <summary>Whether the proxy may fetch <paramref name="url"/> as far as the URL itself tells.</summary>
    public UrlCheck Check(string? url)
    {
        if (string.IsNullOrEmpty(url))
        {
            return UrlCheck.Invalid("Give the absolute http or https URL of the screenshot or log to fetch.");
        }

        if (url.Length > MaxLength)
        {
            return UrlCheck.Invalid($"The URL is longer than {MaxLength} characters.");
        }

        if (url.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c == '\\'))
        {
            return UrlCheck.Invalid("The URL must not contain spaces, control characters or backslashes; percent-encode them.");
        }

        if (StoredObjectLinks.RunFileKey(url) is { } key)
        {
            return UrlCheck.Stored(key);
        }

        // On Unix, Uri also reads "/etc/passwd" as an absolute file: URL; the scheme check below refuses it.
        if (!Uri.TryCreate(url, UriKind.Absolute, out var parsed))
        {
            return UrlCheck.Invalid("The URL is not an absolute URL such as https://bucket.oss-cn-hangzhou.aliyuncs.com/shots/1.png.");
        }

        if (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps)
        {
            return UrlCheck.Invalid($"Only http and https URLs are fetched, not {parsed.Scheme}:.");
        }

        if (parsed.UserInfo.Length > 0 || Authority(url).Contains('@', StringComparison.Ordinal))
        {
            return UrlCheck.Invalid("The URL must not carry a user name or password.");
        }

        return StoredObjectLinks.RunFileKey(parsed, workbenchBaseUrls()) is { } ownKey ? UrlCheck.Stored(ownKey) : CheckHost(parsed);
    }

    private UrlCheck CheckHost(Uri url)
    {
        var host = url.IdnHost;
        if (url.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 || IPAddress.TryParse(host, out _))
        {
            return UrlCheck.NotAllowed("The host is an IP address; only host names on Workbench:Storage:ProxyAllowedHosts are fetched.");
        }

        if (HostAllowList.IsLocalhost(host) || !hosts.Allows(host))
        {
            return UrlCheck.NotAllowed($"The host {host} is not on Workbench:Storage:ProxyAllowedHosts.");
        }

        return UrlCheck.Allowed(url);
    }

    // What the caller wrote between "//" and the path, query or fragment: where user info would be.
    private static string Authority(string url)
    {
        var start = url.IndexOf("//", StringComparison.Ordinal);
        if (start < 0)
        {
            return "";
        }

        var rest = url[(start + 2)..];
        var end = rest.IndexOfAny(['/', '?', '#']);
        return end < 0 ? rest : rest[..end];
    }
}
