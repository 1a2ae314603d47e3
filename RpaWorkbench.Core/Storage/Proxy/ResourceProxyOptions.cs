using System.ComponentModel.DataAnnotations;

namespace RpaWorkbench.Core.Storage.Proxy;

/// <summary>
/// The resource proxy's settings: the <c>Proxy…</c> keys of <c>Workbench:Storage</c>. With no allowed host (the
/// default) the proxy refuses every URL.
/// </summary>
public sealed class ResourceProxyOptions
{
    public const string SectionName = StorageOptions.SectionName;
    public const long DefaultMaxBytes = 20 * 1024 * 1024;
    public const long MaxBytesLimit = 1024L * 1024 * 1024;
    public const int MaxRedirectsLimit = 10;
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan LongestTimeout = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Host names the proxy may fetch from: exact names (<c>my-bucket.oss-cn-hangzhou.aliyuncs.com</c>) or
    /// <c>*.suffix</c> for any name under that suffix (not the suffix itself). Never IP addresses.
    /// </summary>
    [ProxyHostEntries]
    public string[] ProxyAllowedHosts { get; set; } = [];

    /// <summary>
    /// Networks (CIDR, e.g. <c>10.20.0.0/16</c>) an allowed host may resolve into although they are private, loopback or
    /// link-local: on-premises object storage such as MinIO. Empty by default; every entry is an operator's choice.
    /// </summary>
    [ProxyNetworkEntries]
    public string[] ProxyAllowedNetworks { get; set; } = [];

    /// <summary>Largest body the proxy passes on (after decompression).</summary>
    [NumberRange(1, MaxBytesLimit, ErrorMessage = "{0} must be between 1 and 1073741824 (1 GiB).")]
    public long ProxyMaxBytes { get; set; } = DefaultMaxBytes;

    /// <summary>How long one proxied fetch may take, redirects and body included.</summary>
    [TimeSpanRange("00:00:00", "00:10:00", MinimumIsExclusive = true)]
    public TimeSpan ProxyTimeout { get; set; } = DefaultTimeout;

    /// <summary>Redirects followed (each one checked like the first URL); 0 refuses every redirect.</summary>
    [NumberRange(0, MaxRedirectsLimit)]
    public int ProxyMaxRedirects { get; set; } = 3;
}

[OptionsValidator]
internal sealed partial class ResourceProxyOptionsValidator : IValidateOptions<ResourceProxyOptions>;

/// <summary>Every entry a host name or <c>*.suffix</c> the proxy may fetch from.</summary>
internal sealed class ProxyHostEntriesAttribute : EntriesAttribute
{
    protected override string Expectation =>
        "a host name or *.suffix (letters, digits and '-' in dot-separated labels; no IP addresses, no localhost)";

    protected override bool IsValidEntry(string entry) => HostAllowList.TryNormalizeEntry(entry, out _);
}

/// <summary>Every entry a network an allowed host may resolve into.</summary>
internal sealed class ProxyNetworkEntriesAttribute : EntriesAttribute
{
    protected override string Expectation => "a network in CIDR form with no host bits set (e.g. 10.20.0.0/16 or fd00::/8)";

    protected override bool IsValidEntry(string entry) => AddressPolicy.TryParseNetwork(entry, out _);
}
