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
public sealed class OutboxDeliveryTests : OutboxTestBase
{
    [Fact]
    public async Task Pass_DingTalkAcceptsASignedMessage_RowDelivered()
    {
        var channel = await Bed.AddChannelAsync("运维群", AlertChannelKind.DingTalk, Chat.DingTalkUrl(), ChatFakeRobots.DingTalkSecret);
        await Bed.AddAlertsAsync(channel, 1);
        var sentAt = Bed.Now;

        var pass = await Bed.PassAsync();

        Assert.Equal(1, pass.Delivered);
        var row = Assert.Single(await Bed.RowsAsync());
        Assert.Equal((AlertNotificationState.Delivered, 1, 200, sentAt), (row.State, row.Attempts, row.Status, row.SentAt));
        Assert.Null(row.LeaseUntil);
        var request = Assert.Single(Chat.Requests);
        Assert.Equal("🟠 日报下载失败 1", (string?)request.Body["markdown"]!["title"]);
    }

    [Fact]
    public async Task Pass_ChannelAnswers503Twice_RetriesAfter30sThen60s_ThenDelivered()
    {
        var channel = await Bed.AddChannelAsync("receiver", AlertChannelKind.Webhook, new Uri(Endpoint.BaseUri, "alerts"));
        await Bed.AddAlertsAsync(channel, 1);
        Scripted.Enqueue(new EndpointAnswer(503, "busy"));
        Scripted.Enqueue(new EndpointAnswer(503, "busy"));
        var start = Bed.Now;

        await Bed.PassAsync();
        var first = Assert.Single(await Bed.RowsAsync());
        Assert.Equal((AlertNotificationState.Pending, 1, 503, start.AddSeconds(30)), (first.State, first.Attempts, first.Status, first.NextAttemptAt));

        Bed.Clock.Advance(TimeSpan.FromSeconds(29));
        await Bed.PassAsync();
        Assert.Single(Endpoint.Received);

        Bed.Clock.Advance(TimeSpan.FromSeconds(1));
        await Bed.PassAsync();
        var second = Assert.Single(await Bed.RowsAsync());
        Assert.Equal((AlertNotificationState.Pending, 2, start.AddSeconds(30 + 60)), (second.State, second.Attempts, second.NextAttemptAt));

        Bed.Clock.Advance(TimeSpan.FromSeconds(60));
        await Bed.PassAsync();
        var third = Assert.Single(await Bed.RowsAsync());
        Assert.Equal((AlertNotificationState.Delivered, 3, 200, "ok"), (third.State, third.Attempts, third.Status, third.Answer));
        Assert.Equal(3, Endpoint.Received.Count);
    }

    [Fact]
    public async Task Pass_ChannelNeverAnswersWell_BacksOffUpTo30Minutes_AndGivesUpAfterTenAttempts()
    {
        var channel = await Bed.AddChannelAsync("receiver", AlertChannelKind.Webhook, new Uri(Endpoint.BaseUri, "alerts"));
        await Bed.AddAlertsAsync(channel, 1);
        for (var i = 0; i < 10; i++)
        {
            Scripted.Enqueue(new EndpointAnswer(500, "down"));
        }

        var waits = new List<double>();
        for (var attempt = 1; attempt <= 10; attempt++)
        {
            await Bed.PassAsync();
            var now = Bed.Now;
            var current = Assert.Single(await Bed.RowsAsync());
            Assert.Equal(attempt, current.Attempts);
            if (current.State == AlertNotificationState.Failed)
            {
                break;
            }

            waits.Add((current.NextAttemptAt - now).TotalSeconds);
            Bed.Clock.SetUtcNow(new DateTimeOffset(current.NextAttemptAt, TimeSpan.Zero));
        }

        Assert.Equal([30, 60, 120, 240, 480, 960, 1800, 1800, 1800], waits);
        var failed = Assert.Single(await Bed.RowsAsync());
        Assert.Equal((AlertNotificationState.Failed, 10, 500), (failed.State, failed.Attempts, failed.Status));
        Bed.Clock.Advance(TimeSpan.FromHours(2));
        await Bed.PassAsync();
        Assert.Equal(10, Endpoint.Received.Count);
    }

    [Fact]
    public async Task Pass_DingTalkSaysTheTokenDoesNotExist_FailsAtOnce_NeverRetried()
    {
        var channel = await Bed.AddChannelAsync("运维群", AlertChannelKind.DingTalk, Chat.DingTalkUrl("wrong-token"), ChatFakeRobots.DingTalkSecret);
        await Bed.AddAlertsAsync(channel, 1);

        var pass = await Bed.PassAsync();
        Bed.Clock.Advance(TimeSpan.FromHours(1));
        await Bed.PassAsync();

        Assert.Equal(1, pass.Failed);
        var row = Assert.Single(await Bed.RowsAsync());
        Assert.Equal((AlertNotificationState.Failed, 1), (row.State, row.Attempts));
        Assert.Contains("token is not exist", row.Answer, StringComparison.Ordinal);
        Assert.Single(Chat.Requests);
    }

    [Fact]
    public async Task Pass_Slack429WithRetryAfter120_WaitsWhatSlackAsked_NotTheFirstBackoff()
    {
        var channel = await Bed.AddChannelAsync("ops", AlertChannelKind.Slack, new Uri(Endpoint.BaseUri, "services/T0001/B0002/xyz"), culture: "en");
        await Bed.AddAlertsAsync(channel, 1, "Robot offline");
        Scripted.Enqueue(new EndpointAnswer(429, "rate_limited", RetryAfter: "120"));
        var start = Bed.Now;

        await Bed.PassAsync();
        var waiting = Assert.Single(await Bed.RowsAsync());
        Assert.Equal((AlertNotificationState.Pending, 429, start.AddSeconds(120)), (waiting.State, waiting.Status, waiting.NextAttemptAt));

        Bed.Clock.Advance(TimeSpan.FromSeconds(60));
        await Bed.PassAsync();
        Assert.Single(Endpoint.Received);

        Bed.Clock.Advance(TimeSpan.FromSeconds(60));
        await Bed.PassAsync();
        Assert.Equal(AlertNotificationState.Delivered, Assert.Single(await Bed.RowsAsync()).State);
        Assert.Equal(2, Endpoint.Received.Count);
    }

    [Fact]
    public async Task Pass_ChannelDisabledOrDeleted_ItsMessagesFailWithTheReason()
    {
        var disabled = await Bed.AddChannelAsync("停用的群", AlertChannelKind.DingTalk, Chat.DingTalkUrl(), ChatFakeRobots.DingTalkSecret);
        var deleted = await Bed.AddChannelAsync("删除的群", AlertChannelKind.DingTalk, Chat.DingTalkUrl(), ChatFakeRobots.DingTalkSecret);
        await Bed.AddAlertsAsync(disabled, 1, "停用");
        await Bed.AddAlertsAsync(deleted, 1, "删除");
        await Bed.UpdateAsync(async db =>
        {
            await db.AlertChannels.Where(c => c.Id == disabled.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.Enabled, false), TestContext.Current.CancellationToken);
            await db.AlertChannels.Where(c => c.Id == deleted.Id).ExecuteDeleteAsync(TestContext.Current.CancellationToken);
        });

        var pass = await Bed.PassAsync();

        Assert.Equal(2, pass.Failed);
        var rows = await Bed.RowsAsync();
        Assert.All(rows, r => Assert.Equal((AlertNotificationState.Failed, 0), (r.State, r.Attempts)));
        Assert.Equal(["The channel is disabled: its messages are not sent.", "The channel was deleted before this message was sent."],
            rows.Select(r => r.Answer));
        Assert.Empty(Chat.Requests);
    }

    [Fact]
    public async Task Pass_SecretEncryptedWithALostKeyRing_FailsAskingForTheSecretAgain()
    {
        var channel = await Bed.AddChannelAsync("运维群", AlertChannelKind.DingTalk, Chat.DingTalkUrl(), ChatFakeRobots.DingTalkSecret);
        await Bed.AddAlertsAsync(channel, 1);
        var otherKeys = new EphemeralDataProtectionProvider();
        var foreignUrl = new AlertChannelSecrets(otherKeys).Protect(Chat.DingTalkUrl().AbsoluteUri);
        await Bed.UpdateAsync(db => db.AlertChannels.Where(c => c.Id == channel.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.UrlProtected, foreignUrl), TestContext.Current.CancellationToken));

        await Bed.PassAsync();

        var row = Assert.Single(await Bed.RowsAsync());
        Assert.Equal(AlertNotificationState.Failed, row.State);
        Assert.Contains("enter the webhook URL and secrets of the channel again", row.Answer, StringComparison.Ordinal);
        Assert.Empty(Chat.Requests);
    }
}
