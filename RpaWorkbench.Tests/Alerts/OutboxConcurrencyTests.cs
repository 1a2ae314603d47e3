using Microsoft.EntityFrameworkCore;
using RpaWorkbench.Core.Alerts;
using RpaWorkbench.Core.Alerts.Channels;
using RpaWorkbench.Core.Alerts.Delivery;

namespace RpaWorkbench.Tests.Alerts;

/// <summary>
/// Several senders on one database: two outboxes passing at the same time send each message once; a message whose
/// sender stopped mid-send (its lease ran out) is sent again, one still leased is left to its sender.
/// </summary>
public sealed class OutboxConcurrencyTests : OutboxTestBase
{
    [Fact]
    public async Task PassAsync_TwoOutboxesOnOneDatabaseAtOnce_EachMessageSentOnce()
    {
        var channel = await Bed.AddChannelAsync("运维群", AlertChannelKind.DingTalk, Chat.DingTalkUrl(), ChatFakeRobots.DingTalkSecret);
        var titles = await Bed.AddAlertsAsync(channel, 12);
        await using var other = Bed.Host.OnTheSameDatabase();
        var outboxes = new[] { Bed.Outbox(), Bed.Outbox(other) };

        for (var round = 0; round < 3; round++)
        {
            await Task.WhenAll(outboxes.Select(o => o.PassAsync(TestContext.Current.CancellationToken)));
        }

        Assert.Equal(titles.Order(StringComparer.Ordinal), OutboxBed.DingTalkTitles(Chat).Order(StringComparer.Ordinal));
        Assert.All(await Bed.RowsAsync(), r => Assert.Equal((AlertNotificationState.Delivered, 1), (r.State, r.Attempts)));
    }

    [Fact]
    public async Task PassAsync_SenderStoppedMidSend_LeaseRunsOut_SentAgain_WhileAStillLeasedOneIsLeftAlone()
    {
        var channel = await Bed.AddChannelAsync("运维群", AlertChannelKind.DingTalk, Chat.DingTalkUrl(), ChatFakeRobots.DingTalkSecret);
        await Bed.AddAlertsAsync(channel, 2);
        var rows = await Bed.RowsAsync();
        var (crashed, live) = (rows[0].Id, rows[1].Id);
        var now = Bed.Now;
        await Bed.UpdateAsync(async db =>
        {
            await db.AlertNotifications.Where(n => n.Id == crashed).ExecuteUpdateAsync(s => s
                .SetProperty(n => n.State, AlertNotificationState.Sending).SetProperty(n => n.Attempts, 1)
                .SetProperty(n => n.LeaseUntil, now.AddSeconds(-1)), TestContext.Current.CancellationToken);
            await db.AlertNotifications.Where(n => n.Id == live).ExecuteUpdateAsync(s => s
                .SetProperty(n => n.State, AlertNotificationState.Sending).SetProperty(n => n.Attempts, 1)
                .SetProperty(n => n.LeaseUntil, now.AddMinutes(1)), TestContext.Current.CancellationToken);
        });

        var pass = await Bed.PassAsync();

        Assert.Equal((1, 1), (pass.Recovered, pass.Delivered));
        var recovered = await Bed.RowAsync(crashed);
        Assert.Equal((AlertNotificationState.Delivered, 2), (recovered.State, recovered.Attempts));
        var leased = await Bed.RowAsync(live);
        Assert.Equal((AlertNotificationState.Sending, 1, now.AddMinutes(1)), (leased.State, leased.Attempts, leased.LeaseUntil));
        Assert.Equal(["日报下载失败 1"], OutboxBed.DingTalkTitles(Chat));
    }

    [Fact]
    public void Backoff_DoublesFrom30Seconds_CappedAt30Minutes_NeverShorterThanRetryAfter()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), AlertSends.Backoff(1, null));
        Assert.Equal(TimeSpan.FromSeconds(240), AlertSends.Backoff(4, null));
        Assert.Equal(TimeSpan.FromMinutes(30), AlertSends.Backoff(7, null));
        Assert.Equal(TimeSpan.FromMinutes(30), AlertSends.Backoff(40, null));
        Assert.Equal(TimeSpan.FromSeconds(90), AlertSends.Backoff(1, TimeSpan.FromSeconds(90)));
        Assert.Equal(TimeSpan.FromSeconds(60), AlertSends.Backoff(2, TimeSpan.FromSeconds(5)));
    }
}
