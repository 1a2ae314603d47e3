using System.Text.RegularExpressions;
using RpaWorkbench.Core.Alerts;
using RpaWorkbench.Core.Alerts.Channels;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Alerts;

/// <summary>
/// A channel's rate limit as the outbox keeps it: a burst beyond DingTalk's 20 messages a minute (the fake robot
/// refuses the 21st) goes out as 19 messages and one digest naming the rest, nothing lost; with the minute used up
/// nothing is sent until it passes; a backlog quiet hours held becomes one digest when they end.
/// </summary>
public sealed partial class OutboxCoalescingTests : OutboxTestBase
{
    [Fact]
    public async Task Pass_BurstOf30ToDingTalk_19SentAndOneDigestOfTheOther11_NothingLostNothingRefused()
    {
        var channel = await Bed.AddChannelAsync("运维群", AlertChannelKind.DingTalk, Chat.DingTalkUrl(), ChatFakeRobots.DingTalkSecret);
        var titles = await Bed.AddAlertsAsync(channel, 30);

        var pass = await Bed.PassAsync();

        Assert.Equal((20, 1), (pass.Delivered, pass.Digests));
        var bodies = Chat.Requests.Select(r => r.Body).ToList();
        Assert.Equal(20, bodies.Count);
        var rows = await Bed.RowsAsync();
        var digest = Assert.Single(rows, r => r.Purpose == AlertNotificationPurpose.Digest);
        Assert.Equal((AlertNotificationState.Delivered, "11 条告警"), (digest.State, digest.Message.Title));
        var firing = rows.Where(r => r.Purpose == AlertNotificationPurpose.Firing).ToList();
        Assert.Equal(titles[..19], firing.Where(r => r.State == AlertNotificationState.Delivered).Select(r => r.Message.Title));
        Assert.Equal(titles[19..], firing.Where(r => r.State == AlertNotificationState.Coalesced).Select(r => r.Message.Title));
        Assert.All(firing.Where(r => r.State == AlertNotificationState.Coalesced), r => Assert.Equal(digest.Id, r.DigestId));

        // What the chat received (and accepted: every row above is delivered, none refused as "send too fast"): the first 19
        // one by one, then the digest listing the other 11 — each of the 30 once.
        Assert.Equal([.. titles[..19], "11 条告警"], OutboxBed.DingTalkTitles(Chat));
        Assert.Equal(titles[19..], DigestItems((string)bodies[19]["markdown"]!["text"]!));

        // The minute is used up: nothing more goes out in it.
        await Bed.AddAlertsAsync(channel, 1, "又一次失败");
        Bed.Clock.Advance(TimeSpan.FromSeconds(59));
        var waiting = await Bed.PassAsync();
        Assert.Equal((0, 0, 0), (waiting.Delivered, waiting.Digests, waiting.Failed));
        var late = (await Bed.RowsAsync()).Last();
        Assert.Equal((AlertNotificationState.Pending, 0), (late.State, late.Attempts));

        Bed.Clock.Advance(TimeSpan.FromSeconds(1));
        var next = await Bed.PassAsync();
        Assert.Equal(1, next.Delivered);
        Assert.Equal("又一次失败 1", OutboxBed.DingTalkTitles(Chat)[^1]);
    }

    [Fact]
    public async Task Pass_ThreeHeldUntilQuietHoursEnd_NothingBefore_ThenOneDigestInTheChannelsLanguage()
    {
        var channel = await Bed.AddChannelAsync("receiver", AlertChannelKind.Webhook, new Uri(Endpoint.BaseUri, "alerts"), culture: "en");
        var quietEnd = Bed.Now.AddHours(1);
        var titles = await Bed.AddAlertsAsync(channel, 3, "Robot offline", heldUntil: quietEnd);

        Bed.Clock.Advance(TimeSpan.FromMinutes(59));
        await Bed.PassAsync();
        Assert.Empty(Endpoint.Received);
        Assert.All(await Bed.RowsAsync(), r => Assert.Equal(AlertNotificationState.Held, r.State));

        Bed.Clock.Advance(TimeSpan.FromMinutes(1));
        var pass = await Bed.PassAsync();

        Assert.Equal((1, 1), (pass.Delivered, pass.Digests));
        var body = Assert.Single(Endpoint.Received).Json;
        Assert.Equal("3 alerts", (string?)body["title"]);
        Assert.Equal(titles, body["items"]!.AsArray().Select(i => (string)i!["title"]!));
        var rows = await Bed.RowsAsync();
        var digest = Assert.Single(rows, r => r.Purpose == AlertNotificationPurpose.Digest);
        Assert.Equal(AlertNotificationState.Delivered, digest.State);
        Assert.All(rows.Where(r => r.Purpose == AlertNotificationPurpose.Firing),
            r => Assert.Equal((AlertNotificationState.Coalesced, digest.Id), (r.State, r.DigestId)));
    }

    [Fact]
    public async Task Pass_OneHeldMessageWhenQuietHoursEnd_SentAsItIs()
    {
        var channel = await Bed.AddChannelAsync("receiver", AlertChannelKind.Webhook, new Uri(Endpoint.BaseUri, "alerts"), culture: "en");
        await Bed.AddAlertsAsync(channel, 1, "Robot offline", heldUntil: Bed.Now.AddHours(1));

        Bed.Clock.Advance(TimeSpan.FromHours(1));
        await Bed.PassAsync();

        Assert.Equal("Robot offline 1", (string?)Assert.Single(Endpoint.Received).Json["title"]);
        Assert.Equal(AlertNotificationState.Delivered, Assert.Single(await Bed.RowsAsync()).State);
    }

    private static List<string> DigestItems(string markdown) => [.. DigestItem().Matches(markdown).Select(m => m.Groups[1].Value)];

    [GeneratedRegex(@"^- 🟠 \[(.+?)\]", RegexOptions.Multiline)]
    private static partial Regex DigestItem();
}
