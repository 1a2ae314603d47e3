using System.Collections.Concurrent;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Alerts;

/// <summary>
/// An outbox test's parts: the bed (<see cref="OutboxBed"/>), a fake DingTalk / WeCom / Feishu on the bed's clock, and an
/// endpoint (a webhook receiver or Slack) that answers what the test scripted, in order, then 200 <c>ok</c>.
/// </summary>
public abstract class OutboxTestBase : IAsyncLifetime
{
    private protected OutboxBed Bed { get; private set; } = null!;

    protected ChatFakeRobots Chat { get; private set; } = null!;

    protected FakeAlertHttpEndpoint Endpoint { get; private set; } = null!;

    /// <summary>The endpoint's next answers.</summary>
    protected ConcurrentQueue<EndpointAnswer> Scripted { get; } = new();

    public async ValueTask InitializeAsync()
    {
        Bed = await OutboxBed.StartAsync();
        Chat = await ChatFakeRobots.StartAsync(Bed.Clock);
        Endpoint = await FakeAlertHttpEndpoint.StartAsync(_ => Scripted.TryDequeue(out var answer) ? answer : new EndpointAnswer(200, "ok"));
    }

    public async ValueTask DisposeAsync()
    {
        await Endpoint.DisposeAsync();
        await Chat.DisposeAsync();
        await Bed.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
