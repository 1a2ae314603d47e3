using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RpaWorkbench.Core.Alerts.Channels;

namespace RpaWorkbench.Tests.Alerts;

/// <summary>The channel senders as the Core registers them (AddAlertChannels), on a fake clock.</summary>
public sealed class ChannelSendersHost : IDisposable
{
    private readonly ServiceProvider _services;

    public ChannelSendersHost(DateTimeOffset now)
    {
        Clock = new FakeTimeProvider(now);
        _services = new ServiceCollection().AddSingleton<TimeProvider>(Clock).AddAlertChannels().BuildServiceProvider();
    }

    public FakeTimeProvider Clock { get; }

    public IAlertChannelSender Sender(AlertChannelKind kind) => _services.GetServices<IAlertChannelSender>().Single(s => s.Kind == kind);

    /// <summary>A loopback port nothing listens on (bound, then released), for a refused connection.</summary>
    public static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public void Dispose() => _services.Dispose();
}
