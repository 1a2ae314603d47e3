using System.Collections.Concurrent;
using System.Net;
using RpaWorkbench.Core.Storage.Proxy;

namespace RpaWorkbench.Tests.Infrastructure;

/// <summary>
/// The resource proxy's network for tests: names resolve only as the test mapped them (no real DNS), and connections
/// open only to loopback. Anything else is recorded in <see cref="Violations"/> and throws, so a proxy rule that failed
/// to refuse shows up as a failing test instead of traffic leaving the machine.
/// </summary>
public sealed class LoopbackOnlyProxyNetwork : IProxyNetwork
{
    private readonly ConcurrentDictionary<string, IPAddress[]> _names = new(StringComparer.OrdinalIgnoreCase);
    private readonly SystemProxyNetwork _loopback = new();

    /// <summary>Every name the proxy asked for, in order.</summary>
    public ConcurrentQueue<string> Resolved { get; } = new();

    /// <summary>Every connection the proxy opened (all to loopback).</summary>
    public ConcurrentQueue<IPEndPoint> Connected { get; } = new();

    /// <summary>Look-ups of unmapped names and connection attempts beyond loopback; must stay empty.</summary>
    public ConcurrentQueue<string> Violations { get; } = new();

    /// <summary>Makes <paramref name="host"/> resolve to these addresses.</summary>
    public void Map(string host, params string[] addresses) => _names[host] = addresses.Select(IPAddress.Parse).ToArray();

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        Resolved.Enqueue(host);
        return _names.TryGetValue(host, out var addresses)
            ? Task.FromResult(addresses)
            : Task.FromException<IPAddress[]>(Violation($"resolve {host}: not a name this test mapped; tests never use real DNS"));
    }

    public Task<Stream> ConnectAsync(IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        var address = endpoint.Address.IsIPv4MappedToIPv6 ? endpoint.Address.MapToIPv4() : endpoint.Address;
        if (!IPAddress.IsLoopback(address))
        {
            return Task.FromException<Stream>(Violation($"connect {endpoint}: beyond loopback"));
        }

        Connected.Enqueue(endpoint);
        return _loopback.ConnectAsync(endpoint, cancellationToken);
    }

    private InvalidOperationException Violation(string what)
    {
        Violations.Enqueue(what);
        return new InvalidOperationException($"Test network refused to {what}.");
    }
}
