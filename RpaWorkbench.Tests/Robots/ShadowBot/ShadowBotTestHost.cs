using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RpaWorkbench.Core.Robots.ShadowBot;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Robots.ShadowBot;

/// <summary>A <see cref="FakeShadowBot"/> on loopback and the real client, registered as the Workbench registers it, sharing one clock.</summary>
internal sealed class ShadowBotTestHost : IAsyncDisposable
{
    private ShadowBotTestHost(FakeShadowBot fake, ServiceProvider services, CapturingLoggerProvider logs)
    {
        Fake = fake;
        Services = services;
        Logs = logs;
    }

    public FakeShadowBot Fake { get; }

    public ServiceProvider Services { get; }

    public CapturingLoggerProvider Logs { get; }

    public ShadowBotClient Client => Services.GetRequiredService<ShadowBotClient>();

    public static async Task<ShadowBotTestHost> StartAsync(TimeProvider clock, string? accessKeySecret = FakeShadowBot.AccessKeySecret)
    {
        var fake = await FakeShadowBot.StartAsync(clock);
        fake.Dispatch.AddClient("robot1@fake");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Workbench:ShadowBot:BaseUrl"] = fake.BaseUrl.ToString(),
            ["Workbench:ShadowBot:AccessKeyId"] = FakeShadowBot.AccessKeyId,
            ["Workbench:ShadowBot:AccessKeySecret"] = accessKeySecret,
        }).Build();
        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton(clock)
            .AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace))
            .AddShadowBotClient()
            .BuildServiceProvider();
        return new ShadowBotTestHost(fake, services, logs);
    }

    /// <summary>Starts a job for the fake's one robot account.</summary>
    public Task<ShadowBotJobStarted> StartJobAsync(string? idempotentUuid = null) =>
        Client.StartJobAsync(new ShadowBotJobStart("app-7c1e") { AccountName = "robot1@fake", IdempotentUuid = idempotentUuid },
            TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Fake.DisposeAsync();
    }
}
