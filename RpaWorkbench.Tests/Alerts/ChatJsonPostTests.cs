using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using RpaWorkbench.Core.Alerts.Channels;

namespace RpaWorkbench.Tests.Alerts;

/// <summary>The shared JSON post on its own: channels judged by HTTP status alone, masking, time-outs and cancellation.</summary>
public sealed class ChatJsonPostTests : ChatSenderTestBase
{
    private static readonly JsonObject Body = new() { ["text"] = "hello" };

    [Fact]
    public async Task Send_NoAnswerCodes_2xxIsDeliveredWhateverTheBody()
    {
        Fake.Override = (_, _) => Results.Text("ok");
        using var client = new HttpClient();

        var delivery = await AlertJsonPost.SendAsync(client, new Uri($"{Fake.BaseUrl}/robot/send"), Body, null, [], Clock, TestContext.Current.CancellationToken);

        Assert.Equal(new AlertDelivery(true, 200, "ok", false), delivery);
        Assert.Equal("hello", Assert.Single(Fake.Requests).Body["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Send_ShortQueryValues_AreNotTakenForSecrets()
    {
        Fake.Override = EchoRequest;
        using var client = new HttpClient();
        var url = new Uri($"{Fake.BaseUrl}/robot/send?v=1&format=json&token=tk-0123456789");

        var delivery = await AlertJsonPost.SendAsync(client, url, Body, null, ["hello"], Clock, TestContext.Current.CancellationToken);

        Assert.Equal(new AlertDelivery(false, 400, delivery.Answer, false), delivery);
        Assert.StartsWith("/robot/send?v=1&format=json&token=*** ", delivery.Answer, StringComparison.Ordinal);
        Assert.EndsWith("""{"text":"***"}""", delivery.Answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_RetryAfterAsADate_IsTheWaitFromTheClock()
    {
        Fake.Override = (context, _) =>
        {
            context.Response.Headers.RetryAfter = "Mon, 07 Dec 2026 08:01:30 GMT";
            return Results.Text("slow down", statusCode: 429);
        };
        using var client = new HttpClient();

        var delivery = await AlertJsonPost.SendAsync(client, new Uri($"{Fake.BaseUrl}/robot/send"), Body, null, [], Clock, TestContext.Current.CancellationToken);

        Assert.Equal(new AlertDelivery(false, 429, "slow down", true, TimeSpan.FromSeconds(90)), delivery);
    }

    [Fact]
    public async Task Send_ServerThatNeverAnswers_TimesOutRetryableWithoutStatus()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(1.5) };
        var url = new Uri($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/hook?key=k-0123456789");

        var delivery = await AlertJsonPost.SendAsync(client, url, Body, null, [], Clock, TestContext.Current.CancellationToken);

        Assert.Equal(new AlertDelivery(false, null, "No answer within 1.5 s", true), delivery);
    }

    [Fact]
    public async Task Send_CallerCancels_Throws()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        using var client = new HttpClient();
        using var cancel = new CancellationTokenSource();
        var url = new Uri($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/hook");

        var sending = AlertJsonPost.SendAsync(client, url, Body, null, [], Clock, cancel.Token);
        using var accepted = await silent.AcceptTcpClientAsync(TestContext.Current.CancellationToken);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending);
    }
}
