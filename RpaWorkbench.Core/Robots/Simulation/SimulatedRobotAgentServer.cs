using System.Data.Common;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Hosting;

namespace RpaWorkbench.Core.Robots.Simulation;

/// <summary>
/// In Simulated mode: a robot agent inside the Workbench's process, on its own Kestrel listener on 127.0.0.1 (a
/// random port), that every agent call is routed to. Once the Workbench's server listens, the simulated robots call
/// back its real webhook endpoints over loopback with a key of their own, and send heartbeats. Does nothing in the
/// other modes.
/// </summary>
internal sealed class SimulatedRobotAgentServer(
    IOptions<RobotOptions> robotOptions,
    SimulatedRobotAddress address,
    SimulatedAgentEndpoints endpoints,
    SimulatedRobots robots,
    SimulatedHeartbeats heartbeats,
    SimulatedRobotKey key,
    WorkbenchCallbackClient callbacks,
    IServiceProvider services,
    ILogger<SimulatedRobotAgentServer> logger) : IHostedLifecycleService, IAsyncDisposable
{
    private readonly CancellationTokenSource _shutdown = new();
    private WebApplication? _agent;
    private Task _heartbeats = Task.CompletedTask;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Listens before the Workbench's server does, so no start request can find the agent missing.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (robotOptions.Value.Mode != RobotMode.Simulated)
        {
            return;
        }

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddRoutingCore();
        _agent = builder.Build();
        endpoints.Map(_agent, _shutdown.Token);
        await _agent.StartAsync(cancellationToken);

        var listening = new Uri(ServerAddresses(_agent.Services).Single().TrimEnd('/') + "/");
        address.Set(listening);
        logger.LogInformation("Simulated robot agent listening on {Address}; every robot is simulated (Workbench:Robots:Mode=Simulated)", listening);
    }

    /// <summary>The Workbench now listens: find it on loopback, get a key, start reporting.</summary>
    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        if (_agent is null)
        {
            return;
        }

        var workbench = WorkbenchLoopbackAddress.Pick(ServerAddresses(services));
        if (workbench is null)
        {
            logger.LogWarning("The simulated robot answers start and stop but cannot call back: the Workbench listens on no loopback or wildcard address ({Addresses})",
                string.Join(", ", ServerAddresses(services)));
            return;
        }

        try
        {
            callbacks.Connect(workbench, await key.RenewAsync(cancellationToken));
        }
        catch (DbException ex)
        {
            logger.LogWarning("The simulated robot cannot call back: its API key could not be stored ({Reason})", ex.Message);
            return;
        }

        logger.LogInformation("Simulated robots report to the Workbench at {Workbench}", workbench);
        _heartbeats = Task.Run(() => heartbeats.RunAsync(_shutdown.Token), CancellationToken.None);
    }

    /// <summary>Runs and heartbeats end before the Workbench's server stops, so nothing calls a closing server.</summary>
    public Task StoppingAsync(CancellationToken cancellationToken) => _shutdown.CancelAsync();

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(_heartbeats, robots.WhenIdleAsync()).WaitAsync(cancellationToken);
        if (_agent is not null)
        {
            await _agent.StopAsync(cancellationToken);
        }
    }

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_agent is not null)
        {
            await _agent.DisposeAsync();
        }

        _shutdown.Dispose();
    }

    // The addresses a server listens on; none for servers that have no network addresses (the in-memory test server).
    private static ICollection<string> ServerAddresses(IServiceProvider provider) =>
        provider.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
}
