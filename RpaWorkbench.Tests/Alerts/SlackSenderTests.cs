using System.Text.Json;
using System.Text.Json.Nodes;
using RpaWorkbench.Core.Alerts.Channels;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Alerts;

public sealed class SlackSenderTests : IAsyncLifetime
{
    private const string HookPath = "/services/T0001/B0002/xoxSecretToken42";

    private readonly ChannelSendersHost _host = new(new DateTimeOffset(2026, 12, 7, 8, 20, 0, TimeSpan.Zero));
    private FakeAlertHttpEndpoint _slack = null!;
    private EndpointAnswer? _nextAnswer;

    public async ValueTask InitializeAsync() => _slack = await FakeAlertHttpEndpoint.StartAsync(AnswerAsSlack);

    public async ValueTask DisposeAsync()
    {
        await _slack.DisposeAsync();
        _host.Dispose();
    }

    [Fact]
    public async Task Send_Accepted_PostsBlockKitWithEscapedLinesAndIsDelivered()
    {
        var message = new AlertMessage("Robot R1 & R2 <offline>", ["<b>not bold</b> & co", "second line"], AlertSeverity.Critical,
            new Uri("http://127.0.0.1:5000/robots/7"), [], "en");

        var delivery = await SendAsync(message);

        Assert.Equal(new AlertDelivery(true, 200, "ok", false), delivery);
        var request = Assert.Single(_slack.Received);
        Assert.Equal("application/json; charset=utf-8", request.Header("Content-Type"));
        var body = request.Json;
        Assert.Equal("[Critical] Robot R1 &amp; R2 &lt;offline&gt;", (string?)body["text"]);
        var blocks = body["blocks"]!.AsArray();
        Assert.Equal(4, blocks.Count);
        Assert.Equal("header", (string?)blocks[0]!["type"]);
        Assert.Equal("plain_text", (string?)blocks[0]!["text"]!["type"]);
        Assert.Equal("Robot R1 & R2 <offline>", (string?)blocks[0]!["text"]!["text"]);
        Assert.Equal("section", (string?)blocks[1]!["type"]);
        Assert.Equal("mrkdwn", (string?)blocks[1]!["text"]!["type"]);
        Assert.Equal("&lt;b&gt;not bold&lt;/b&gt; &amp; co\nsecond line", (string?)blocks[1]!["text"]!["text"]);
        Assert.Equal("context", (string?)blocks[2]!["type"]);
        Assert.Equal(":red_circle: *Severity:* Critical", (string?)blocks[2]!["elements"]![0]!["text"]);
        Assert.Equal("actions", (string?)blocks[3]!["type"]);
        var button = blocks[3]!["elements"]![0]!;
        Assert.Equal("button", (string?)button["type"]);
        Assert.Equal("Open in Workbench", (string?)button["text"]!["text"]);
        Assert.Equal("http://127.0.0.1:5000/robots/7", (string?)button["url"]);
    }

    [Fact]
    public async Task Send_ChineseDigestWithoutLink_ListsItemsAsLinksAndHasNoButton()
    {
        var message = new AlertMessage("告警汇总：3 条", [], AlertSeverity.Warning, null,
        [
            new AlertMessageItem("日报下载 <失败>", AlertSeverity.Critical, new Uri("http://127.0.0.1:5000/runs/42")),
            new AlertMessageItem("队列等待", AlertSeverity.Info, null),
        ], "zh-CN");

        var delivery = await SendAsync(message);

        Assert.True(delivery.Delivered);
        var blocks = Assert.Single(_slack.Received).Json["blocks"]!.AsArray();
        Assert.Equal(["header", "section", "context"], blocks.Select(b => (string?)b!["type"]));
        Assert.Equal("• <http://127.0.0.1:5000/runs/42|日报下载 &lt;失败&gt;> (严重)\n• 队列等待 (提示)", (string?)blocks[1]!["text"]!["text"]);
        Assert.Equal(":warning: *级别:* 警告", (string?)blocks[2]!["elements"]![0]!["text"]);
    }

    [Fact]
    public async Task Send_LongTitleAndManyLines_StaysWithinBlockKitLimits()
    {
        var lines = Enumerable.Range(1, 200).Select(i => $"line {i}: " + new string('x', 40)).ToList();
        var message = new AlertMessage(new string('T', 400), lines, AlertSeverity.Info, null, [], "en");

        var delivery = await SendAsync(message);

        Assert.True(delivery.Delivered, delivery.Answer);
        var blocks = Assert.Single(_slack.Received).Json["blocks"]!.AsArray();
        Assert.Equal(150, ((string?)blocks[0]!["text"]!["text"])!.Length);
        var section = (string)blocks[1]!["text"]!["text"]!;
        Assert.StartsWith("line 1: x", section, StringComparison.Ordinal);
        Assert.EndsWith("\n…", section, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_RateLimited_RetriesAfterWhatSlackAsked()
    {
        _nextAnswer = new EndpointAnswer(429, "rate_limited", RetryAfter: "30");

        var delivery = await SendAsync(Simple());

        Assert.Equal(new AlertDelivery(false, 429, "rate_limited", true, TimeSpan.FromSeconds(30)), delivery);
    }

    [Fact]
    public async Task Send_RateLimitedUntilADate_WaitsUntilThenByTheClock()
    {
        // The clock stands at 08:20:00 UTC; the date is 90 s later.
        _nextAnswer = new EndpointAnswer(429, "rate_limited", RetryAfter: "Mon, 07 Dec 2026 08:21:30 GMT");

        var delivery = await SendAsync(Simple());

        Assert.True(delivery.Retry);
        Assert.Equal(TimeSpan.FromSeconds(90), delivery.RetryAfter);
    }

    [Theory]
    [InlineData(400, "invalid_payload")]
    [InlineData(403, "action_prohibited")]
    [InlineData(404, "channel_not_found")]
    [InlineData(410, "channel_is_archived")]
    public async Task Send_RefusedForGood_IsNotRetried(int status, string error)
    {
        _nextAnswer = new EndpointAnswer(status, error);

        var delivery = await SendAsync(Simple());

        Assert.Equal(new AlertDelivery(false, status, error, false), delivery);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    public async Task Send_ServerError_IsRetried(int status)
    {
        _nextAnswer = new EndpointAnswer(status, "");

        var delivery = await SendAsync(Simple());

        Assert.False(delivery.Delivered);
        Assert.True(delivery.Retry);
        Assert.Equal(status, delivery.Status);
        Assert.Null(delivery.RetryAfter);
    }

    [Fact]
    public async Task Send_WrongWebhookEchoedBack_AnswerHidesTheWebhookToken()
    {
        var target = new AlertChannelTarget(AlertChannelKind.Slack, new Uri(_slack.BaseUri, "/services/T0001/B0002/xoxWrongToken99"), null, null);

        var delivery = await _host.Sender(AlertChannelKind.Slack).SendAsync(target, Simple(), TestContext.Current.CancellationToken);

        Assert.Equal(404, delivery.Status);
        Assert.False(delivery.Retry);
        Assert.Equal("no_service: no webhook at ***", delivery.Answer);
        Assert.DoesNotContain("xoxWrongToken99", delivery.Answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_NothingListening_IsRetriedWithoutTheToken()
    {
        var target = new AlertChannelTarget(AlertChannelKind.Slack, new Uri($"http://127.0.0.1:{ChannelSendersHost.ClosedPort()}{HookPath}"), null, null);

        var delivery = await _host.Sender(AlertChannelKind.Slack).SendAsync(target, Simple(), TestContext.Current.CancellationToken);

        Assert.False(delivery.Delivered);
        Assert.Null(delivery.Status);
        Assert.True(delivery.Retry);
        Assert.StartsWith("No answer: ", delivery.Answer, StringComparison.Ordinal);
        Assert.DoesNotContain("xoxSecretToken42", delivery.Answer, StringComparison.Ordinal);
    }

    private static AlertMessage Simple() => new("Task failed", ["Daily report"], AlertSeverity.Warning, null, [], "en");

    private Task<AlertDelivery> SendAsync(AlertMessage message) => _host.Sender(AlertChannelKind.Slack).SendAsync(
        new AlertChannelTarget(AlertChannelKind.Slack, new Uri(_slack.BaseUri, HookPath), null, null), message, TestContext.Current.CancellationToken);

    // Slack's incoming webhook: an unknown URL is 404 no_service, a body that is not JSON or has neither text nor blocks
    // is 400 invalid_payload / no_text, a block over Block Kit's limits is 400 invalid_blocks; otherwise 200 "ok".
    private EndpointAnswer AnswerAsSlack(ReceivedAlertRequest request)
    {
        if (request.PathAndQuery != HookPath)
        {
            return new EndpointAnswer(404, "no_service: no webhook at " + request.PathAndQuery);
        }

        if (_nextAnswer is { } scripted)
        {
            return scripted;
        }

        JsonObject body;
        try
        {
            body = request.Json;
        }
        catch (JsonException)
        {
            return new EndpointAnswer(400, "invalid_payload");
        }

        if (body["text"] is null && body["blocks"] is null)
        {
            return new EndpointAnswer(400, "no_text");
        }

        var blocks = body["blocks"]?.AsArray() ?? [];
        var tooLong = blocks.Any(b => ((string?)b!["type"], ((string?)b["text"]?["text"])?.Length ?? 0) is ("header", > 150) or ("section", > 3000 or 0));
        return blocks.Count > 50 || tooLong ? new EndpointAnswer(400, "invalid_blocks") : new EndpointAnswer(200, "ok");
    }
}
