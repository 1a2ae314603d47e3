using Microsoft.Extensions.Options;

namespace RpaWorkbench.Core.Storage.Proxy;

/// <summary>Refuses resource proxy settings at start-up, naming each bad setting and entry.</summary>
internal sealed class ResourceProxyOptionsValidator : IValidateOptions<ResourceProxyOptions>
{
    public ValidateOptionsResult Validate(string? name, ResourceProxyOptions options)
    {
        const string section = ResourceProxyOptions.SectionName;
        var failures = new List<string>();
        failures.AddRange(options.ProxyAllowedHosts.Where(h => !HostAllowList.TryNormalizeEntry(h, out _)).Select(h =>
            $"{section}:ProxyAllowedHosts: '{h}' is not a host name or *.suffix (letters, digits and '-' in dot-separated labels; no IP addresses, no localhost)."));
        failures.AddRange(options.ProxyAllowedNetworks.Where(n => !AddressPolicy.TryParseNetwork(n, out _)).Select(n =>
            $"{section}:ProxyAllowedNetworks: '{n}' is not a network in CIDR form with no host bits set (e.g. 10.20.0.0/16 or fd00::/8)."));

        if (options.ProxyMaxBytes is < 1 or > ResourceProxyOptions.MaxBytesLimit)
        {
            failures.Add($"{section}:ProxyMaxBytes must be between 1 and {ResourceProxyOptions.MaxBytesLimit} (1 GiB).");
        }

        if (options.ProxyTimeout <= TimeSpan.Zero || options.ProxyTimeout > ResourceProxyOptions.LongestTimeout)
        {
            failures.Add($"{section}:ProxyTimeout must be positive and at most 00:10:00.");
        }

        if (options.ProxyMaxRedirects is < 0 or > ResourceProxyOptions.MaxRedirectsLimit)
        {
            failures.Add($"{section}:ProxyMaxRedirects must be between 0 and {ResourceProxyOptions.MaxRedirectsLimit}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
