using Microsoft.Extensions.Time.Testing;

namespace RpaWorkbench.Tests.Robots.ShadowBot;

/// <summary>A fresh fake ShadowBot and client per test, on a fake clock the test moves.</summary>
public abstract class ShadowBotTestBase : IAsyncLifetime
{
    private protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 12, 6, 8, 0, 0, TimeSpan.Zero));

    private protected ShadowBotTestHost Host { get; private set; } = null!;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => Host = await ShadowBotTestHost.StartAsync(Clock);

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
