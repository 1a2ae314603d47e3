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
    public string[] ProxyAllowedHosts { get; set; } = [];

    /// <summary>
    /// Networks (CIDR, e.g. <c>10.20.0.0/16</c>) an allowed host may resolve into although they are private, loopback or
    /// link-local: on-premises object storage such as MinIO. Empty by default; every entry is an operator's choice.
    /// </summary>
    public string[] ProxyAllowedNetworks { get; set; } = [];

    /// <summary>Largest body the proxy passes on (after decompression).</summary>
    public long ProxyMaxBytes { get; set; } = DefaultMaxBytes;

    /// <summary>How long one proxied fetch may take, redirects and body included.</summary>
    public TimeSpan ProxyTimeout { get; set; } = DefaultTimeout;

    /// <summary>Redirects followed (each one checked like the first URL); 0 refuses every redirect.</summary>
    public int ProxyMaxRedirects { get; set; } = 3;
}
