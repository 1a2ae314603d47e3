using System.Collections.Concurrent;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using RpaWorkbench.Core.Alerts;
using RpaWorkbench.Core.Alerts.Channels;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Alerts;

/// <summary>
/// One message through the outbox to real loopback channels: delivered, retried with the backoff the issue sets (30 s
/// doubling, capped at 30 min, ten attempts), the channel's Retry-After honoured, a refusal for good not retried, and
/// a channel that cannot be used failing with an answer that says why.
/// </summary>
public sealed class OutboxDeliveryTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<EndpointAnswer> _scripted = new();
    private OutboxBed _bed = null!;
    private ChatFakeRobots _chat = null!;
    private FakeAlertHttpEndpoint _endpoint = null!;

    public async ValueTask InitializeAsync()
    {
        _bed = await OutboxBed.StartAsync();
        _chat = await ChatFakeRobots.StartAsync(_bed.Clock);
        // Answers what the test scripted, in order, then 200.
        _endpoint = await FakeAlertHttpEndpoint.StartAsync(_ => _scripted.TryDequeue(out var answer) ? answer : new EndpointAnswer(200, "ok"));
    }

    public async ValueTask DisposeAsync()
    {
        await _endpoint.DisposeAsync();
        await _chat.DisposeAsync();
        await _bed.DisposeAsync();
    }

    [Fact]
    public async Task Pass_DingTalkAcceptsASignedMessage_RowDelivered()
    {
        var channel = await _bed.AddChannelAsync("运维群", AlertChannelKind.DingTalk, _chat.DingTalkUrl(), ChatFakeRobots.DingTalkSecret);
        await _bed.AddAlertsAsync(channel, 1);
        var sentAt = _bed.Now;

        var pass = await _bed.PassAsync();

        Assert.Equal(1, pass.Delivered);
        var row = Assert.Single(await _bed.RowsAsync());
        Assert.Equal((AlertNotificationState.Delivered, 1, 200, sentAt), (row.State, row.Attempts, row.Status, row.SentAt));
        Assert.Null(row.LeaseUntil);
        var request = Assert.Single(_chat.Requests);
        Assert.Equal("🟠 日报下载失败 1", (string?)request.Body["markdown"]!["title"]);
    }

    [Fact]
    public async Task Pass_ChannelAnswers503Twice_RetriesAfter30sThen60s_ThenDelivered()
    {
        var channel = await _bed.AddChannelAsync("receiver", AlertChannelKind.Webhook, new Uri(_endpoint.BaseUri, "alerts"));
        await _bed.AddAlertsAsync(channel, 1);
        _scripted.Enqueue(new EndpointAnswer(503, "busy"));
        _scripted.Enqueue(new EndpointAnswer(503, "busy"));
        var start = _bed.Now;

        await _bed.PassAsync();
        var first = Assert.Single(await _bed.RowsAsync());
        Assert.Equal((AlertNotificationState.Pending, 1, 503, start.AddSeconds(30)), (first.State, first.Attempts, first.Status, first.NextAttemptAt));

        _bed.Clock.Advance(TimeSpan.FromSeconds(29));
        await _bed.PassAsync();
        Assert.Single(_endpoint.Received);

        _bed.Clock.Advance(TimeSpan.FromSeconds(1));
        await _bed.PassAsync();
        var second = Assert.Single(await _bed.RowsAsync());
        Assert.Equal((AlertNotificationState.Pending, 2, start.AddSeconds(30 + 60)), (second.State, second.Attempts, second.NextAttemptAt));

        _bed.Clock.Advance(TimeSpan.FromSeconds(60));
        await _bed.PassAsync();
        var third = Assert.Single(await _bed.RowsAsync());
        Assert.Equal((AlertNotificationState.Delivered, 3, 200, "ok"), (third.State, third.Attempts, third.Status, third.Answer));
        Assert.Equal(3, _endpoint.Received.Count);
    }

    [Fact]
    public async Task Pass_ChannelNeverAnswersWell_BacksOffUpTo30Minutes_AndGivesUpAfterTenAttempts()
    {
        var channel = await _bed.AddChannelAsync("receiver", AlertChannelKind.Webhook, new Uri(_endpoint.BaseUri, "alerts"));
        await _bed.AddAlertsAsync(channel, 1);
        for (var i = 0; i < 10; i++)
        {
            _scripted.Enqueue(new EndpointAnswer(500, "down"));
        }

        var waits = new List<double>();
        for (var attempt = 1; attempt <= 10; attempt++)
        {
            await _bed.PassAsync();
            var now = _bed.Now;
            var current = Assert.Single(await _bed.RowsAsync());
            Assert.Equal(attempt, current.Attempts);
            if (current.State == AlertNotificationState.Failed)
            {
                break;
            }

            waits.Add((current.NextAttemptAt - now).TotalSeconds);
            _bed.Clock.SetUtcNow(new DateTimeOffset(current.NextAttemptAt, TimeSpan.Zero));
        }

        Assert.Equal([30, 60, 120, 240, 480, 960, 1800, 1800, 1800], waits);
        var failed = Assert.Single(await _bed.RowsAsync());
        Assert.Equal((AlertNotificationState.Failed, 10, 500), (failed.State, failed.Attempts, failed.Status));
        _bed.Clock.Advance(TimeSpan.FromHours(2));
        await _bed.PassAsync();
        Assert.Equal(10, _endpoint.Received.Count);
    }

    [Fact]
    public async Task Pass_DingTalkSaysTheTokenDoesNotExist_FailsAtOnce_NeverRetried()
    {
        var channel = await _bed.AddChannelAsync("运维群", AlertChannelKind.DingTalk, _chat.DingTalkUrl("wrong-token"), ChatFakeRobots.DingTalkSecret);
        await _bed.AddAlertsAsync(channel, 1);

        var pass = await _bed.PassAsync();
        _bed.Clock.Advance(TimeSpan.FromHours(1));
        await _bed.PassAsync();

        Assert.Equal(1, pass.Failed);
        var row = Assert.Single(await _bed.RowsAsync());
        Assert.Equal((AlertNotificationState.Failed, 1), (row.State, row.Attempts));
        Assert.Contains("token is not exist", row.Answer, StringComparison.Ordinal);
        Assert.Single(_chat.Requests);
    }

    [Fact]
    public async Task Pass_Slack429WithRetryAfter120_WaitsWhatSlackAsked_NotTheFirstBackoff()
    {
        var channel = await _bed.AddChannelAsync("ops", AlertChannelKind.Slack, new Uri(_endpoint.BaseUri, "services/T0001/B0002/xyz"), culture: "en");
        await _bed.AddAlertsAsync(channel, 1, "Robot offline");
        _scripted.Enqueue(new EndpointAnswer(429, "rate_limited", RetryAfter: "120"));
        var start = _bed.Now;

        await _bed.PassAsync();
        var waiting = Assert.Single(await _bed.RowsAsync());
        Assert.Equal((AlertNotificationState.Pending, 429, start.AddSeconds(120)), (waiting.State, waiting.Status, waiting.NextAttemptAt));

        _bed.Clock.Advance(TimeSpan.FromSeconds(60));
        await _bed.PassAsync();
        Assert.Single(_endpoint.Received);

        _bed.Clock.Advance(TimeSpan.FromSeconds(60));
        await _bed.PassAsync();
        Assert.Equal(AlertNotificationState.Delivered, Assert.Single(await _bed.RowsAsync()).State);
        Assert.Equal(2, _endpoint.Received.Count);
    }

    [Fact]
    public async Task Pass_ChannelDisabledOrDeleted_ItsMessagesFailWithTheReason()
    {
        var disabled = await _bed.AddChannelAsync("停用的群", AlertChannelKind.DingTalk, _chat.DingTalkUrl(), ChatFakeRobots.DingTalkSecret);
        var deleted = await _bed.AddChannelAsync("删除的群", AlertChannelKind.DingTalk, _chat.DingTalkUrl(), ChatFakeRobots.DingTalkSecret);
        await _bed.AddAlertsAsync(disabled, 1, "停用");
        await _bed.AddAlertsAsync(deleted, 1, "删除");
        await _bed.UpdateAsync(async db =>
        {
            await db.AlertChannels.Where(c => c.Id == disabled.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.Enabled, false), TestContext.Current.CancellationToken);
            await db.AlertChannels.Where(c => c.Id == deleted.Id).ExecuteDeleteAsync(TestContext.Current.CancellationToken);
        });

        var pass = await _bed.PassAsync();

        Assert.Equal(2, pass.Failed);
        var rows = await _bed.RowsAsync();
        Assert.All(rows, r => Assert.Equal((AlertNotificationState.Failed, 0), (r.State, r.Attempts)));
        Assert.Equal(["The channel is disabled: its messages are not sent.", "The channel was deleted before this message was sent."],
            rows.Select(r => r.Answer));
        Assert.Empty(_chat.Requests);
    }

    [Fact]
    public async Task Pass_SecretEncryptedWithALostKeyRing_FailsAskingForTheSecretAgain()
    {
        var channel = await _bed.AddChannelAsync("运维群", AlertChannelKind.DingTalk, _chat.DingTalkUrl(), ChatFakeRobots.DingTalkSecret);
        await _bed.AddAlertsAsync(channel, 1);
        var otherKeys = new EphemeralDataProtectionProvider();
        var foreignUrl = new AlertChannelSecrets(otherKeys).Protect(_chat.DingTalkUrl().AbsoluteUri);
        await _bed.UpdateAsync(db => db.AlertChannels.Where(c => c.Id == channel.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.UrlProtected, foreignUrl), TestContext.Current.CancellationToken));

        await _bed.PassAsync();

        var row = Assert.Single(await _bed.RowsAsync());
        Assert.Equal(AlertNotificationState.Failed, row.State);
        Assert.Contains("enter the webhook URL and secrets of the channel again", row.Answer, StringComparison.Ordinal);
        Assert.Empty(_chat.Requests);
    }
}
