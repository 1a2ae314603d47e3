using System.Text;
using RpaWorkbench.Core.Alerts.Channels;

namespace RpaWorkbench.Tests.Alerts;

public sealed class ChatWeComSenderTests : ChatSenderTestBase
{
    private static readonly AlertMessage Offline = new("Robot bj-01 offline for 12 min", ["Last heartbeat 07:48 (Asia/Shanghai)"],
        AlertSeverity.Warning, new Uri("https://rpa.example.cn/robots/7"), [], "en");

    [Fact]
    public async Task Send_Markdown_Delivered()
    {
        var delivery = await SendAsync(AlertChannelKind.WeCom, Fake.WeComUrl(), null, Offline);

        Assert.Equal(new AlertDelivery(true, 200, """{"errcode":0,"errmsg":"ok"}""", false), delivery);
        var request = Assert.Single(Fake.Requests);
        Assert.Equal("markdown", request.Body["msgtype"]!.GetValue<string>());
        Assert.Equal(
            "### 🟠 Robot bj-01 offline for 12 min\n\nLast heartbeat 07:48 (Asia/Shanghai)\n\n[Open in Workbench](https://rpa.example.cn/robots/7)",
            request.Body["markdown"]!["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task Send_ChineseDigestOverFourKilobytes_CutToTheLimitAndAccepted()
    {
        var items = Enumerable.Range(1, 120)
            .Select(i => new AlertMessageItem($"任务“财务日报下载”在账号 北京-{i:00} 上连续失败", AlertSeverity.Critical, new Uri($"https://rpa.example.cn/runs/{i}")))
            .ToList();
        var digest = new AlertMessage("静默时段内的 120 条告警", [], AlertSeverity.Critical, null, items, "zh-CN");

        var delivery = await SendAsync(AlertChannelKind.WeCom, Fake.WeComUrl(), null, digest);

        Assert.True(delivery.Delivered, delivery.Answer);
        var content = Assert.Single(Fake.Requests).Body["markdown"]!["content"]!.GetValue<string>();
        Assert.InRange(Encoding.UTF8.GetByteCount(content), 4090, 4096);
        Assert.StartsWith("### 🔴 静默时段内的 120 条告警\n\n- 🔴 [任务“财务日报下载”在账号 北京-01 上连续失败](https://rpa.example.cn/runs/1)\n", content, StringComparison.Ordinal);
        Assert.EndsWith("…", content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_TwentyFirstMessageInAMinute_ThrottledAndRetryable_ThenAcceptedAMinuteLater()
    {
        for (var i = 0; i < 20; i++)
        {
            Assert.True((await SendAsync(AlertChannelKind.WeCom, Fake.WeComUrl(), null, Offline)).Delivered);
        }

        var throttled = await SendAsync(AlertChannelKind.WeCom, Fake.WeComUrl(), null, Offline);
        Clock.Advance(TimeSpan.FromMinutes(1));
        var later = await SendAsync(AlertChannelKind.WeCom, Fake.WeComUrl(), null, Offline);

        Assert.Equal(new AlertDelivery(false, 200, """{"errcode":45009,"errmsg":"api freq out of limit, hint: [1765094400_0_d4e5f6]"}""", true), throttled);
        Assert.True(later.Delivered);
    }

    [Fact]
    public async Task Send_WrongKey_RefusedNotRetriedAndTheKeyHidden()
    {
        const string wrongKey = "0000aaaa-1111-2222-3333-444455556666";

        var refused = await SendAsync(AlertChannelKind.WeCom, Fake.WeComUrl(wrongKey), null, Offline);
        Fake.Override = EchoRequest;
        var echoed = await SendAsync(AlertChannelKind.WeCom, Fake.WeComUrl(), null, Offline);

        Assert.False(refused.Delivered);
        Assert.False(refused.Retry);
        Assert.StartsWith("""{"errcode":93000,"errmsg":"invalid webhook url""", refused.Answer, StringComparison.Ordinal);
        Assert.StartsWith("/cgi-bin/webhook/send?key=*** ", echoed.Answer, StringComparison.Ordinal);
        Assert.DoesNotContain(ChatFakeRobots.WeComKey, echoed.Answer, StringComparison.Ordinal);
    }
}
