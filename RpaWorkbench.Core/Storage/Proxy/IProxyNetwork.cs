using System.Net;

namespace RpaWorkbench.Core.Storage.Proxy;

/// <summary>
/// Name resolution and TCP connections for the resource proxy. The Workbench uses the system's
/// (<see cref="SystemProxyNetwork"/>); tests substitute one that knows their host names and refuses anything but loopback.
/// </summary>
internal interface IProxyNetwork
{
    /// <summary>Every address <paramref name="host"/> resolves to.</summary>
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);

    /// <summary>An open TCP connection to <paramref name="endpoint"/>.</summary>
    Task<Stream> ConnectAsync(IPEndPoint endpoint, CancellationToken cancellationToken);
}
