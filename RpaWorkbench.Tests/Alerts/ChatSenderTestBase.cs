using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RpaWorkbench.Core.Alerts.Channels;

namespace RpaWorkbench.Tests.Alerts;

/// <summary>
/// The chat senders as the Core registers them (<c>AddAlertChannels</c>, its real HTTP client) on a fake clock at
/// 2026-12-07 08:00:00 UTC, and <see cref="ChatFakeRobots"/> on loopback whose clock is the same unless a test starts
/// it with its own.
/// </summary>
public abstract class ChatSenderTestBase : IAsyncLifetime
{
    /// <summary>2026-12-07 08:00:00 UTC: 1796630400 s, 1796630400000 ms since the Unix epoch.</summary>
    protected static readonly DateTimeOffset Start = new(2026, 12, 7, 8, 0, 0, TimeSpan.Zero);

    private ServiceProvider _services = null!;

    protected FakeTimeProvider Clock { get; } = new(Start);

    protected ChatFakeRobots Fake { get; set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddAlertChannels();
        _services = services.BuildServiceProvider();
        Fake = await ChatFakeRobots.StartAsync(Clock);
    }

    public async ValueTask DisposeAsync()
    {
        await Fake.DisposeAsync();
        await _services.DisposeAsync();
    }

    /// <summary>Replaces the fake by one whose clock reads <paramref name="serverTime"/> while the senders' does not move.</summary>
    protected async Task RestartFakeAtAsync(DateTimeOffset serverTime)
    {
        await Fake.DisposeAsync();
        Fake = await ChatFakeRobots.StartAsync(new FakeTimeProvider(serverTime));
    }

    protected IAlertChannelSender Sender(AlertChannelKind kind) =>
        _services.GetServices<IAlertChannelSender>().Single(sender => sender.Kind == kind);

    protected Task<AlertDelivery> SendAsync(AlertChannelKind kind, Uri url, string? secret, AlertMessage message) =>
        Sender(kind).SendAsync(new AlertChannelTarget(kind, url, secret, null), message, TestContext.Current.CancellationToken);

    protected static AlertMessage Message(string title, params string[] lines) =>
        new(title, lines, AlertSeverity.Critical, new Uri("https://rpa.example.cn/tasks/42"), [], "zh-CN");

    protected JsonObject LastBody() => Fake.Requests.Last().Body;

    /// <summary>An answer that echoes everything the service received (as a misconfigured proxy might), with a 400.</summary>
    protected static IResult EchoRequest(HttpContext context, JsonObject body) => Results.Text(
        $"{context.Request.Path}{context.Request.QueryString} {Uri.UnescapeDataString(context.Request.QueryString.Value ?? "")} {body.ToJsonString(Unescaped)}",
        statusCode: 400);

    private static readonly JsonSerializerOptions Unescaped = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
