using System.Net;
using System.Net.Sockets;

namespace RpaWorkbench.Core.Storage.Proxy;

/// <summary>
/// The <see cref="SocketsHttpHandler.ConnectCallback"/> of the clients that fetch what a user or a definition names (the
/// resource proxy, workflow HTTP steps), each with its own <see cref="AddressPolicy"/>: resolves the host itself, refuses the host when
/// any of its addresses is not allowed (<see cref="AddressPolicy"/>), and connects only to the addresses it checked.
/// Checking at connect time, not when the URL is read, means a name that resolves differently a moment later
/// (DNS rebinding) is judged by the address actually used.
/// </summary>
internal sealed class GuardedConnector(string client, IProxyNetwork network, AddressPolicy addresses, ILogger<GuardedConnector> logger)
{
    /// <summary>A connection to the request's host, or <see cref="AddressRefusedException"/> before any connection is tried.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var (host, port) = (context.DnsEndPoint.Host, context.DnsEndPoint.Port);
        var candidates = IPAddress.TryParse(host, out var literal) ? [literal] : await network.ResolveAsync(host, cancellationToken);
        if (candidates.Length == 0)
        {
            throw new HttpRequestException(HttpRequestError.NameResolutionError, $"{host} resolves to no address.");
        }

        var refused = candidates.Where(a => !addresses.Allows(a)).ToList();
        if (refused.Count > 0)
        {
            logger.LogWarning("{Client} refused to connect to {Host}: it resolves to {RefusedAddresses}, outside the allowed addresses",
                client, host, string.Join(", ", refused));
            throw new AddressRefusedException(host);
        }

        Exception? lastFailure = null;
        foreach (var address in candidates)
        {
            try
            {
                return await network.ConnectAsync(new IPEndPoint(address, port), cancellationToken);
            }
            catch (SocketException ex)
            {
                lastFailure = ex;
            }
        }

        throw new HttpRequestException(HttpRequestError.ConnectionError, $"No address of {host} accepted a connection.", lastFailure);
    }

    /// <summary>
    /// A handler for <paramref name="client"/> (named in its log) that connects only to public addresses and
    /// <paramref name="allowedNetworks"/>, through a connector of its own: no redirects followed, no proxy, no cookies, no credentials.
    /// </summary>
    public static SocketsHttpHandler Handler(IServiceProvider services, string client, IEnumerable<string> allowedNetworks, TimeSpan connectTimeout)
    {
        var connector = new GuardedConnector(client, services.GetRequiredService<IProxyNetwork>(), new AddressPolicy(allowedNetworks),
            services.GetRequiredService<ILogger<GuardedConnector>>());
        return new SocketsHttpHandler
        {
            ConnectCallback = connector.ConnectAsync,
            ConnectTimeout = connectTimeout,
            // A redirect's target must be checked like the first URL (or not followed at all): the caller decides.
            AllowAutoRedirect = false,
            // HTTP_PROXY and friends must not send the request somewhere the connect check never sees.
            UseProxy = false,
            UseCookies = false,
            Credentials = null,
            PreAuthenticate = false,
            AutomaticDecompression = DecompressionMethods.All,
        };
    }
}
