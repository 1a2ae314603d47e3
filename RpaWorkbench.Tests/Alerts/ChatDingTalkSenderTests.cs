using Microsoft.AspNetCore.Http;
using RpaWorkbench.Core.Alerts.Channels;

namespace RpaWorkbench.Tests.Alerts;

public sealed class ChatDingTalkSenderTests : ChatSenderTestBase
{
    private static readonly AlertMessage Failed = Message("任务连续失败 3 次：日报下载", "应用 *日报* 在账号 [北京-01] 上失败", "最近错误：超时 > 30 s");

    [Fact]
    public async Task Send_SignedRobot_DeliversMarkdownSignedInTheQuery()
    {
        var delivery = await SendAsync(AlertChannelKind.DingTalk, Fake.DingTalkUrl(), ChatFakeRobots.DingTalkSecret, Failed);

        Assert.Equal(new AlertDelivery(true, 200, """{"errcode":0,"errmsg":"ok"}""", false), delivery);
        var request = Assert.Single(Fake.Requests);
        // The signature of the known-good test at 2026-12-07 08:00:00 UTC, URL-encoded ("/" %2F, "+" %2B, "=" %3D).
        Assert.Equal("?access_token=dt-token-5f1c0a&timestamp=1796630400000&sign=Mp%2F83FEmQfX%2FUlYNmGATKYEXLZCdrVSPImcaH4On%2BtA%3D", request.Query);
        Assert.Equal("markdown", request.Body["msgtype"]!.GetValue<string>());
        Assert.Equal("🔴 任务连续失败 3 次：日报下载", request.Body["markdown"]!["title"]!.GetValue<string>());
        Assert.Equal(
            "### 🔴 任务连续失败 3 次：日报下载\n\n应用 \\*日报\\* 在账号 \\[北京-01\\] 上失败  \n最近错误：超时 \\> 30 s\n\n" +
            "[在 Workbench 中查看](https://rpa.example.cn/tasks/42)",
            request.Body["markdown"]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Send_RobotWithoutSigning_SendsNoTimestampOrSign()
    {
        Fake.SigningRequired = false;

        var delivery = await SendAsync(AlertChannelKind.DingTalk, Fake.DingTalkUrl(), null, Failed);

        Assert.True(delivery.Delivered);
        Assert.Equal("?access_token=dt-token-5f1c0a", Assert.Single(Fake.Requests).Query);
    }

    [Fact]
    public async Task Send_TimestampMoreThanAnHourOld_RefusedAndNotRetried()
    {
        await RestartFakeAtAsync(Start.AddMinutes(61));

        var delivery = await SendAsync(AlertChannelKind.DingTalk, Fake.DingTalkUrl(), ChatFakeRobots.DingTalkSecret, Failed);

        Assert.Equal(new AlertDelivery(false, 200, """{"errcode":310000,"errmsg":"sign not match, more: [invalid timestamp]"}""", false), delivery);
    }

    [Fact]
    public async Task Send_TimestampFiftyNineMinutesOld_Delivered()
    {
        await RestartFakeAtAsync(Start.AddMinutes(59));

        var delivery = await SendAsync(AlertChannelKind.DingTalk, Fake.DingTalkUrl(), ChatFakeRobots.DingTalkSecret, Failed);

        Assert.True(delivery.Delivered);
    }

    [Fact]
    public async Task Send_WrongSecret_RefusedAsSignMismatchAndNotRetried()
    {
        var delivery = await SendAsync(AlertChannelKind.DingTalk, Fake.DingTalkUrl(), "SECnot-the-robots-secret", Failed);

        Assert.False(delivery.Delivered);
        Assert.False(delivery.Retry);
        Assert.Contains("310000", delivery.Answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_UnknownToken_RefusedAndNotRetried()
    {
        var delivery = await SendAsync(AlertChannelKind.DingTalk, Fake.DingTalkUrl("dt-token-gone"), ChatFakeRobots.DingTalkSecret, Failed);

        Assert.Equal(new AlertDelivery(false, 200, """{"errcode":300001,"errmsg":"token is not exist"}""", false), delivery);
    }

    [Fact]
    public async Task Send_TwentyFirstMessageInAMinute_ThrottledAndRetryable()
    {
        for (var i = 0; i < 20; i++)
        {
            Assert.True((await SendAsync(AlertChannelKind.DingTalk, Fake.DingTalkUrl(), ChatFakeRobots.DingTalkSecret, Failed)).Delivered);
        }

        var delivery = await SendAsync(AlertChannelKind.DingTalk, Fake.DingTalkUrl(), ChatFakeRobots.DingTalkSecret, Failed);

        Assert.Equal(new AlertDelivery(false, 200, """{"errcode":130101,"errmsg":"send too fast, exceed 20 times per minute"}""", true), delivery);
    }

    [Fact]
    public async Task Send_AnswerEchoingTheRequest_HidesTokenSecretAndSign()
    {
        Fake.Override = EchoRequest;

        var delivery = await SendAsync(AlertChannelKind.DingTalk, Fake.DingTalkUrl(), ChatFakeRobots.DingTalkSecret, Failed);

        Assert.Equal(new AlertDelivery(false, 400, delivery.Answer, false), delivery);
        Assert.StartsWith("/robot/send?access_token=***&timestamp=***&sign=*** ", delivery.Answer, StringComparison.Ordinal);
        Assert.DoesNotContain(ChatFakeRobots.DingTalkToken, delivery.Answer, StringComparison.Ordinal);
        Assert.DoesNotContain(ChatFakeRobots.DingTalkSecret, delivery.Answer, StringComparison.Ordinal);
        Assert.DoesNotContain("Mp/83FEmQfX/UlYNmGATKYEXLZCdrVSPImcaH4On+tA=", delivery.Answer, StringComparison.Ordinal);
        Assert.DoesNotContain("Mp%2F83FEmQfX", delivery.Answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_ServiceUnavailable_RetryableWithItsRetryAfter()
    {
        Fake.Override = (context, _) =>
        {
            context.Response.Headers.RetryAfter = "30";
            return Results.Text("upstream busy", statusCode: 503);
        };

        var delivery = await SendAsync(AlertChannelKind.DingTalk, Fake.DingTalkUrl(), ChatFakeRobots.DingTalkSecret, Failed);

        Assert.Equal(new AlertDelivery(false, 503, "upstream busy", true, TimeSpan.FromSeconds(30)), delivery);
    }

    [Fact]
    public async Task Send_NothingListening_RetryableWithoutStatusAndWithoutTheToken()
    {
        var url = Fake.DingTalkUrl();
        await Fake.DisposeAsync();

        var delivery = await SendAsync(AlertChannelKind.DingTalk, url, ChatFakeRobots.DingTalkSecret, Failed);

        Assert.False(delivery.Delivered);
        Assert.Null(delivery.Status);
        Assert.True(delivery.Retry);
        Assert.StartsWith("No answer: ", delivery.Answer, StringComparison.Ordinal);
        Assert.DoesNotContain(ChatFakeRobots.DingTalkToken, delivery.Answer, StringComparison.Ordinal);
        Fake = await ChatFakeRobots.StartAsync(Clock);
    }

    [Fact]
    public async Task Send_AnswerWithoutErrcode_NotDeliveredAndNotRetried()
    {
        Fake.Override = (_, _) => Results.Text("<html>Welcome to the proxy</html>", "text/html");

        var delivery = await SendAsync(AlertChannelKind.DingTalk, Fake.DingTalkUrl(), ChatFakeRobots.DingTalkSecret, Failed);

        Assert.Equal(new AlertDelivery(false, 200, "<html>Welcome to the proxy</html>", false), delivery);
    }
}
