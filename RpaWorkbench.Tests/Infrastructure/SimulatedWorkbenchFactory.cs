using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RpaWorkbench.Core.Data;

namespace RpaWorkbench.Tests.Infrastructure;

/// <summary>
/// The Workbench on a real Kestrel port (127.0.0.1) with the demo robots and the simulated robot agent, paced for
/// tests: confirm after 50 ms, runs of 1.5–2 s that never fail by chance, heartbeats every half second — all on
/// <see cref="Clock"/>, which moves only when a test advances it, so no run ends or heartbeat goes before the test says.
/// </summary>
public sealed class SimulatedWorkbenchFactory : WorkbenchAppFactory
{
    public static readonly TimeSpan ConfirmDelay = TimeSpan.FromMilliseconds(50);
    public static readonly TimeSpan MinRunDuration = TimeSpan.FromSeconds(1.5);
    public static readonly TimeSpan MaxRunDuration = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromMilliseconds(500);

    public SimulatedWorkbenchFactory()
        : base(Settings) =>
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));

    /// <summary>The demo robots driven by the simulated agent, at the test pace.</summary>
    public static IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Workbench:Demo"] = "true",
        ["Workbench:Robots:Mode"] = "Simulated",
        ["Workbench:Robots:Simulation:ConfirmDelay"] = "00:00:00.050",
        ["Workbench:Robots:Simulation:MinRunDuration"] = "00:00:01.500",
        ["Workbench:Robots:Simulation:MaxRunDuration"] = "00:00:02",
        ["Workbench:Robots:Simulation:FailureRate"] = "0",
        ["Workbench:Robots:Simulation:HeartbeatInterval"] = "00:00:00.500",
    };

    /// <summary>The host's clock (the simulated robot's too): 2026-11-25 10:00 in Shanghai until a test advances it.</summary>
    public TestClock Clock { get; } = new(new DateTimeOffset(2026, 11, 25, 2, 0, 0, TimeSpan.Zero));

    /// <summary>Every log entry of the host (the simulator's included).</summary>
    public CapturingLoggerProvider Logs { get; } = new();

    /// <summary>Starts the host (and with it the simulated agent) once; later calls return at once.</summary>
    public T Get<T>() where T : notnull
    {
        StartServer();
        return Services.GetRequiredService<T>();
    }

    public async Task<T> QueryAsync<T>(Func<WorkbenchDbContext, Task<T>> query)
    {
        await using var db = await Get<IDbContextFactory<WorkbenchDbContext>>().CreateDbContextAsync();
        return await query(db);
    }

    /// <summary>Polls the database until <paramref name="query"/> gives a value (not null), or fails after 15 s.</summary>
    public async Task<T> EventuallyAsync<T>(Func<WorkbenchDbContext, Task<T?>> query, string what) where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (await QueryAsync(query) is { } found)
            {
                return found;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"Gave up waiting for {what}.");
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}
