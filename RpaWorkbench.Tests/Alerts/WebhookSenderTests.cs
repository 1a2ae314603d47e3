using System.Security.Cryptography;
using System.Text;
using RpaWorkbench.Core.Alerts.Channels;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Alerts;

public sealed class WebhookSenderTests : IAsyncLifetime
{
    private const string Secret = "whsec-7Qm2x9";

    // 2026-12-07T08:20:00Z.
    private readonly ChannelSendersHost _host = new(new DateTimeOffset(2026, 12, 7, 8, 20, 0, TimeSpan.Zero));
    private FakeAlertHttpEndpoint _receiver = null!;
    private EndpointAnswer? _nextAnswer;

    public async ValueTask InitializeAsync() => _receiver = await FakeAlertHttpEndpoint.StartAsync(AnswerAsReceiver);

    public async ValueTask DisposeAsync()
    {
        await _receiver.DisposeAsync();
        _host.Dispose();
    }

    [Fact]
    public void Signature_KnownGoodVector_MatchesTheDocumentedAlgorithm()
    {
        // Expected value computed independently with Python:
        // hmac.new(b"whsec-7Qm2x9", b"1796631600." + '{"kind":"run_failed","title":"日报下载 失败"}'.encode(), hashlib.sha256).hexdigest()
        var body = Encoding.UTF8.GetBytes("{\"kind\":\"run_failed\",\"title\":\"日报下载 失败\"}");

        var signature = WebhookSender.Signature(Secret, "1796631600", body);

        Assert.Equal("sha256=a5fbda17360c96ccda6d65140ca9c9f023858d5f6e1e7380f7184c2d7027afbd", signature);
    }

    [Fact]
    public async Task Send_WithSecret_ReceiverVerifiesTheSignatureAndReadsEveryField()
    {
        var message = new AlertMessage("任务连续失败 3 次：日报下载", ["账号 a01", "<b>not markup</b>"], AlertSeverity.Critical,
            new Uri("http://127.0.0.1:5000/tasks/9"),
            [new AlertMessageItem("Run 42 failed", AlertSeverity.Warning, new Uri("http://127.0.0.1:5000/runs/42")), new AlertMessageItem("Queue waits", AlertSeverity.Info, null)],
            "zh-CN")
        {
            AlertKind = "task_failed_in_a_row",
            OccurredAt = new DateTime(2026, 12, 7, 8, 15, 0, DateTimeKind.Utc),
        };

        var delivery = await SendAsync(message, Secret);

        Assert.Equal(new AlertDelivery(true, 204, "204 No Content", false), delivery);
        var request = Assert.Single(_receiver.Received);
        Assert.Equal("1796631600", request.Header("X-Workbench-Timestamp"));
        Assert.Equal("application/json; charset=utf-8", request.Header("Content-Type"));
        var body = request.Json;
        Assert.Equal(["kind", "title", "lines", "severity", "link", "occurred_at", "items"], body.Select(p => p.Key));
        Assert.Equal("task_failed_in_a_row", (string?)body["kind"]);
        Assert.Equal("任务连续失败 3 次：日报下载", (string?)body["title"]);
        Assert.Equal(["账号 a01", "<b>not markup</b>"], body["lines"]!.AsArray().Select(l => (string?)l));
        Assert.Equal("critical", (string?)body["severity"]);
        Assert.Equal("http://127.0.0.1:5000/tasks/9", (string?)body["link"]);
        Assert.Equal("2026-12-07T08:15:00Z", (string?)body["occurred_at"]);
        var items = body["items"]!.AsArray();
        Assert.Equal(2, items.Count);
        Assert.Equal("Run 42 failed", (string?)items[0]!["title"]);
        Assert.Equal("warning", (string?)items[0]!["severity"]);
        Assert.Equal("http://127.0.0.1:5000/runs/42", (string?)items[0]!["link"]);
        Assert.Equal("info", (string?)items[1]!["severity"]);
        Assert.Null(items[1]!["link"]);
    }

    [Fact]
    public async Task Send_WithoutSecret_SendsTheTimestampButNoSignature()
    {
        var delivery = await SendAsync(Simple(), secret: null);

        Assert.True(delivery.Delivered);
        var request = Assert.Single(_receiver.Received);
        Assert.Equal("1796631600", request.Header("X-Workbench-Timestamp"));
        Assert.Null(request.Header("X-Workbench-Signature"));
        Assert.Null((string?)request.Json["kind"]);
    }

    [Fact]
    public async Task Send_SecretTheReceiverDoesNotKnow_IsRefusedForGood()
    {
        var delivery = await SendAsync(Simple(), "whsec-wrong");

        Assert.Equal(new AlertDelivery(false, 401, "bad signature", false), delivery);
    }

    [Theory]
    [InlineData(408, true)]
    [InlineData(429, true)]
    [InlineData(500, true)]
    [InlineData(502, true)]
    [InlineData(400, false)]
    [InlineData(404, false)]
    [InlineData(410, false)]
    [InlineData(422, false)]
    public async Task Send_ReceiverStatus_DecidesWhetherToRetry(int status, bool retry)
    {
        _nextAnswer = new EndpointAnswer(status, "refused");

        var delivery = await SendAsync(Simple(), Secret);

        Assert.Equal(new AlertDelivery(false, status, "refused", retry), delivery);
    }

    [Fact]
    public async Task Send_ReceiverEchoesTheUrlAndSecret_AnswerHidesThem()
    {
        var target = new AlertChannelTarget(AlertChannelKind.Webhook, new Uri(_receiver.BaseUri, "/echo?token=tok-SECRET-81"), Secret, null);

        var delivery = await _host.Sender(AlertChannelKind.Webhook).SendAsync(target, Simple(), TestContext.Current.CancellationToken);

        Assert.Equal(400, delivery.Status);
        Assert.Equal("unknown hook /echo*** (key ***)", delivery.Answer);
    }

    [Fact]
    public async Task Send_NothingListening_IsRetried()
    {
        var target = new AlertChannelTarget(AlertChannelKind.Webhook, new Uri($"http://127.0.0.1:{ChannelSendersHost.ClosedPort()}/hook?token=tok-SECRET-81"), Secret, null);

        var delivery = await _host.Sender(AlertChannelKind.Webhook).SendAsync(target, Simple(), TestContext.Current.CancellationToken);

        Assert.False(delivery.Delivered);
        Assert.Null(delivery.Status);
        Assert.True(delivery.Retry);
        Assert.DoesNotContain("tok-SECRET-81", delivery.Answer, StringComparison.Ordinal);
    }

    private static AlertMessage Simple() => new("Task failed", ["Daily report"], AlertSeverity.Warning, null, [], "en");

    private Task<AlertDelivery> SendAsync(AlertMessage message, string? secret) => _host.Sender(AlertChannelKind.Webhook).SendAsync(
        new AlertChannelTarget(AlertChannelKind.Webhook, new Uri(_receiver.BaseUri, "/hooks/alerts"), secret, null), message, TestContext.Current.CancellationToken);

    // A receiver as docs/alerts-channels.md tells operators to write one: HMAC-SHA256 with the shared secret over
    // "<timestamp>." + the raw body, compared in constant time, and the timestamp within 5 minutes of its clock.
    private EndpointAnswer AnswerAsReceiver(ReceivedAlertRequest request)
    {
        if (request.PathAndQuery.StartsWith("/echo", StringComparison.Ordinal))
        {
            return new EndpointAnswer(400, $"unknown hook {request.PathAndQuery} (key {Secret})");
        }

        if (_nextAnswer is { } scripted)
        {
            return scripted;
        }

        var timestamp = request.Header("X-Workbench-Timestamp");
        if (!long.TryParse(timestamp, out var seconds) || Math.Abs(_host.Clock.GetUtcNow().ToUnixTimeSeconds() - seconds) > 300)
        {
            return new EndpointAnswer(401, "stale or missing timestamp");
        }

        if (request.Header("X-Workbench-Signature") is { } signature)
        {
            byte[] signed = [.. Encoding.UTF8.GetBytes(timestamp + "."), .. request.Body];
            var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), signed));
            if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature)))
            {
                return new EndpointAnswer(401, "bad signature");
            }
        }

        return new EndpointAnswer(204, "");
    }
}
