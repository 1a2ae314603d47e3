using System.Net;
using System.Text.RegularExpressions;

namespace RpaWorkbench.Core.Storage.Proxy;

/// <summary>
/// The host names the proxy may fetch from (<see cref="ResourceProxyOptions.ProxyAllowedHosts"/>): exact names, and
/// <c>*.suffix</c> entries that match any name ending in <c>.suffix</c> (one label or more before it). Matching is on the
/// lower-case ASCII (punycode) form; a trailing dot is not trimmed, so <c>host.</c> does not match <c>host</c>.
/// </summary>
public sealed partial class HostAllowList
{
    private const string WildcardPrefix = "*.";
    private readonly HashSet<string> _exact;
    private readonly string[] _suffixes;

    public HostAllowList(IEnumerable<string> entries)
    {
        var normalized = entries.Select(e => TryNormalizeEntry(e, out var n) ? n : throw new ArgumentException($"Not a host entry: '{e}'.", nameof(entries)))
            .ToList();
        _exact = normalized.Where(e => !e.StartsWith(WildcardPrefix, StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
        _suffixes = normalized.Where(e => e.StartsWith(WildcardPrefix, StringComparison.Ordinal)).Select(e => e[1..]).ToArray();
    }

    /// <summary>Whether <paramref name="host"/> (as <see cref="Uri.IdnHost"/> gives it) is on the list.</summary>
    public bool Allows(string host)
    {
        var name = host.ToLowerInvariant();
        return _exact.Contains(name) || _suffixes.Any(s => name.Length > s.Length && name.EndsWith(s, StringComparison.Ordinal));
    }

    /// <summary>
    /// An entry in the form the list compares (lower case), if it is a host name or <c>*.suffix</c> with a suffix of
    /// two labels or more. IP addresses and localhost are refused: the proxy never fetches from them by name either.
    /// </summary>
    public static bool TryNormalizeEntry(string? entry, out string normalized)
    {
        normalized = (entry ?? "").Trim().ToLowerInvariant();
        var name = normalized.StartsWith(WildcardPrefix, StringComparison.Ordinal) ? normalized[WildcardPrefix.Length..] : normalized;
        var isWildcard = name.Length != normalized.Length;
        return name.Length is > 0 and <= 253
               && HostName().IsMatch(name)
               && (!isWildcard || name.Contains('.', StringComparison.Ordinal))
               && !IPAddress.TryParse(name, out _)
               && !IsLocalhost(name);
    }

    /// <summary><c>localhost</c> and names under it, which resolvers answer with loopback without asking DNS.</summary>
    public static bool IsLocalhost(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);

    // Dot-separated labels of 1-63 letters, digits and '-', not starting or ending with '-'; \z rather than $ (newline).
    [GeneratedRegex(@"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\z", RegexOptions.CultureInvariant)]
    private static partial Regex HostName();
}
