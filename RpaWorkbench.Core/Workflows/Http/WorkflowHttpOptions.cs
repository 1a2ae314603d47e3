using RpaWorkbench.Core.Storage.Proxy;

namespace RpaWorkbench.Core.Workflows.Http;

/// <summary>
/// Where workflow HTTP steps may send requests: the <c>Http…</c> keys of <c>Workbench:Workflows</c>. With no allowed
/// host (the default) every HTTP step fails, naming <see cref="HttpAllowedHosts"/>.
/// </summary>
public sealed class WorkflowHttpOptions
{
    public const string SectionName = WorkflowOptions.SectionName;
    public const string AllowedHostsKey = SectionName + ":" + nameof(HttpAllowedHosts);
    public const string AllowedNetworksKey = SectionName + ":" + nameof(HttpAllowedNetworks);
    public const string MaxResponseBytesKey = SectionName + ":" + nameof(HttpMaxResponseBytes);
    public const long MaxResponseBytesLimit = 64L * 1024 * 1024;

    /// <summary>Host names HTTP steps may call: exact names (<c>api.example.com</c>) or <c>*.suffix</c>; never IP addresses or localhost.</summary>
    [ProxyHostEntries]
    public string[] HttpAllowedHosts { get; set; } = [];

    /// <summary>Networks (CIDR) an allowed host may resolve into although they are not public (an intranet service).</summary>
    [ProxyNetworkEntries]
    public string[] HttpAllowedNetworks { get; set; } = [];

    /// <summary>Largest response body an HTTP step reads (after decompression); a bigger one fails the attempt.</summary>
    [NumberRange(1, MaxResponseBytesLimit, ErrorMessage = "{0} must be between 1 and 67108864 (64 MiB).")]
    public long HttpMaxResponseBytes { get; set; } = 1024 * 1024;
}

[OptionsValidator]
internal sealed partial class WorkflowHttpOptionsValidator : IValidateOptions<WorkflowHttpOptions>;
