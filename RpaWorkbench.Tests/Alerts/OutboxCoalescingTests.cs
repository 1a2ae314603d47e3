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
public sealed partial class OutboxCoalescingTests : IAsyncLifetime
{
    private OutboxBed _bed = null!;
    private ChatFakeRobots _chat = null!;
    private FakeAlertHttpEndpoint _endpoint = null!;

    public async ValueTask InitializeAsync()
    {
        _bed = await OutboxBed.StartAsync();
        _chat = await ChatFakeRobots.StartAsync(_bed.Clock);
        _endpoint = await FakeAlertHttpEndpoint.StartAsync(_ => new EndpointAnswer(200, "ok"));
    }

    public async ValueTask DisposeAsync()
    {
        await _endpoint.DisposeAsync();
        await _chat.DisposeAsync();
        await _bed.DisposeAsync();
    }

    [Fact]
    public async Task Pass_BurstOf30ToDingTalk_19SentAndOneDigestOfTheOther11_NothingLostNothingRefused()
    {
        var channel = await _bed.AddChannelAsync("运维群", AlertChannelKind.DingTalk, _chat.DingTalkUrl(), ChatFakeRobots.DingTalkSecret);
        var titles = await _bed.AddAlertsAsync(channel, 30);

        var pass = await _bed.PassAsync();

        Assert.Equal((20, 1), (pass.Delivered, pass.Digests));
        var bodies = _chat.Requests.Select(r => r.Body).ToList();
        Assert.Equal(20, bodies.Count);
        var rows = await _bed.RowsAsync();
        var digest = Assert.Single(rows, r => r.Purpose == AlertNotificationPurpose.Digest);
        Assert.Equal((AlertNotificationState.Delivered, "11 条告警"), (digest.State, digest.Message.Title));
        var firing = rows.Where(r => r.Purpose == AlertNotificationPurpose.Firing).ToList();
        Assert.Equal(titles[..19], firing.Where(r => r.State == AlertNotificationState.Delivered).Select(r => r.Message.Title));
        Assert.Equal(titles[19..], firing.Where(r => r.State == AlertNotificationState.Coalesced).Select(r => r.Message.Title));
        Assert.All(firing.Where(r => r.State == AlertNotificationState.Coalesced), r => Assert.Equal(digest.Id, r.DigestId));

        // What the chat received (and accepted: every row above is delivered, none refused as "send too fast"): the first 19
        // one by one, then the digest listing the other 11 — each of the 30 once.
        var singles = bodies[..19].Select(b => (string)b["markdown"]!["title"]!).ToList();
        Assert.Equal(titles[..19].Select(t => "🟠 " + t), singles);
        Assert.Equal("🟠 11 条告警", (string)bodies[19]["markdown"]!["title"]!);
        Assert.Equal(titles[19..], DigestItems((string)bodies[19]["markdown"]!["text"]!));

        // The minute is used up: nothing more goes out in it.
        await _bed.AddAlertsAsync(channel, 1, "又一次失败");
        _bed.Clock.Advance(TimeSpan.FromSeconds(59));
        var waiting = await _bed.PassAsync();
        Assert.Equal((0, 0, 0), (waiting.Delivered, waiting.Digests, waiting.Failed));
        var late = (await _bed.RowsAsync()).Last();
        Assert.Equal((AlertNotificationState.Pending, 0), (late.State, late.Attempts));

        _bed.Clock.Advance(TimeSpan.FromSeconds(1));
        var next = await _bed.PassAsync();
        Assert.Equal(1, next.Delivered);
        Assert.Equal("🟠 又一次失败 1", (string)_chat.Requests.Last().Body["markdown"]!["title"]!);
    }

    [Fact]
    public async Task Pass_ThreeHeldUntilQuietHoursEnd_NothingBefore_ThenOneDigestInTheChannelsLanguage()
    {
        var channel = await _bed.AddChannelAsync("receiver", AlertChannelKind.Webhook, new Uri(_endpoint.BaseUri, "alerts"), culture: "en");
        var quietEnd = _bed.Now.AddHours(1);
        var titles = await _bed.AddAlertsAsync(channel, 3, "Robot offline", heldUntil: quietEnd);

        _bed.Clock.Advance(TimeSpan.FromMinutes(59));
        await _bed.PassAsync();
        Assert.Empty(_endpoint.Received);
        Assert.All(await _bed.RowsAsync(), r => Assert.Equal(AlertNotificationState.Held, r.State));

        _bed.Clock.Advance(TimeSpan.FromMinutes(1));
        var pass = await _bed.PassAsync();

        Assert.Equal((1, 1), (pass.Delivered, pass.Digests));
        var body = Assert.Single(_endpoint.Received).Json;
        Assert.Equal("3 alerts", (string?)body["title"]);
        Assert.Equal(titles, body["items"]!.AsArray().Select(i => (string)i!["title"]!));
        var rows = await _bed.RowsAsync();
        var digest = Assert.Single(rows, r => r.Purpose == AlertNotificationPurpose.Digest);
        Assert.Equal(AlertNotificationState.Delivered, digest.State);
        Assert.All(rows.Where(r => r.Purpose == AlertNotificationPurpose.Firing),
            r => Assert.Equal((AlertNotificationState.Coalesced, digest.Id), (r.State, r.DigestId)));
    }

    [Fact]
    public async Task Pass_OneHeldMessageWhenQuietHoursEnd_SentAsItIs()
    {
        var channel = await _bed.AddChannelAsync("receiver", AlertChannelKind.Webhook, new Uri(_endpoint.BaseUri, "alerts"), culture: "en");
        await _bed.AddAlertsAsync(channel, 1, "Robot offline", heldUntil: _bed.Now.AddHours(1));

        _bed.Clock.Advance(TimeSpan.FromHours(1));
        await _bed.PassAsync();

        Assert.Equal("Robot offline 1", (string?)Assert.Single(_endpoint.Received).Json["title"]);
        Assert.Equal(AlertNotificationState.Delivered, Assert.Single(await _bed.RowsAsync()).State);
    }

    private static List<string> DigestItems(string markdown) => [.. DigestItem().Matches(markdown).Select(m => m.Groups[1].Value)];

    [GeneratedRegex(@"^- 🟠 \[(.+?)\]", RegexOptions.Multiline)]
    private static partial Regex DigestItem();
}
