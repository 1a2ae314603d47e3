using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using RpaWorkbench.Core.Alerts.Channels;

namespace RpaWorkbench.Tests.Alerts;

public sealed class ChatFeishuSenderTests : ChatSenderTestBase
{
    private static readonly AlertMessage Failed = Message("任务连续失败 3 次：日报下载", "应用 *日报* 在账号 [北京-01] 上失败", "最近错误：超时 > 30 s");

    [Fact]
    public async Task Send_SignedBot_DeliversACardSignedInTheBody()
    {
        var delivery = await SendAsync(AlertChannelKind.Feishu, Fake.FeishuUrl(), ChatFakeRobots.FeishuSecret, Failed);

        Assert.Equal(new AlertDelivery(true, 200, """{"code":0,"data":{},"msg":"success"}""", false), delivery);
        var body = Assert.Single(Fake.Requests).Body;
        Assert.Equal("1796630400", body["timestamp"]!.GetValue<string>());
        Assert.Equal("jq/Cw3PG6MYgUNl7JvmdhD2Xgv10Cye5WyhjB3URY9o=", body["sign"]!.GetValue<string>());
        Assert.Equal("interactive", body["msg_type"]!.GetValue<string>());
        var card = body["card"]!;
        Assert.Equal("plain_text", card["header"]!["title"]!["tag"]!.GetValue<string>());
        Assert.Equal("任务连续失败 3 次：日报下载", card["header"]!["title"]!["content"]!.GetValue<string>());
        Assert.Equal("red", card["header"]!["template"]!.GetValue<string>());
        var elements = card["elements"]!.AsArray();
        Assert.Equal(2, elements.Count);
        Assert.Equal("div", elements[0]!["tag"]!.GetValue<string>());
        Assert.Equal("plain_text", elements[0]!["text"]!["tag"]!.GetValue<string>());
        Assert.Equal("应用 *日报* 在账号 [北京-01] 上失败\n最近错误：超时 > 30 s", elements[0]!["text"]!["content"]!.GetValue<string>());
        Assert.Equal("action", elements[1]!["tag"]!.GetValue<string>());
        var button = elements[1]!["actions"]![0]!;
        Assert.Equal("button", button["tag"]!.GetValue<string>());
        Assert.Equal("在 Workbench 中查看", button["text"]!["content"]!.GetValue<string>());
        Assert.Equal("https://rpa.example.cn/tasks/42", button["url"]!.GetValue<string>());
    }

    [Fact]
    public async Task Send_Digest_ListsItemsAsEscapedLarkMarkdownLinks()
    {
        var digest = new AlertMessage("2 alerts", [], AlertSeverity.Warning, null,
            [
                new AlertMessageItem("Task *report* failed", AlertSeverity.Warning, new Uri("https://rpa.example.cn/runs/9?from=(a)")),
                new AlertMessageItem("Queue waiting 31 min", AlertSeverity.Info, null),
            ], "en");

        var delivery = await SendAsync(AlertChannelKind.Feishu, Fake.FeishuUrl(), ChatFakeRobots.FeishuSecret, digest);

        Assert.True(delivery.Delivered, delivery.Answer);
        var card = Assert.Single(Fake.Requests).Body["card"]!;
        Assert.Equal("orange", card["header"]!["template"]!.GetValue<string>());
        var element = Assert.Single(card["elements"]!.AsArray())!;
        Assert.Equal("lark_md", element["text"]!["tag"]!.GetValue<string>());
        Assert.Equal("- 🟠 [Task &#42;report&#42; failed](https://rpa.example.cn/runs/9?from=%28a%29)\n- 🔵 Queue waiting 31 min", element["text"]!["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task Send_DigestOfSixHundredChineseItems_StaysUnderTwentyKilobytesAndIsAccepted()
    {
        var items = Enumerable.Range(1, 600)
            .Select(i => new AlertMessageItem($"任务“财务日报下载”在账号 北京-{i:000} 上连续失败", AlertSeverity.Critical, new Uri($"https://rpa.example.cn/runs/{i}")))
            .ToList();
        var digest = new AlertMessage("静默时段内的 600 条告警", [], AlertSeverity.Critical, null, items, "zh-CN");

        var delivery = await SendAsync(AlertChannelKind.Feishu, Fake.FeishuUrl(), ChatFakeRobots.FeishuSecret, digest);

        Assert.True(delivery.Delivered, delivery.Answer);
        var list = Assert.Single(Fake.Requests).Body["card"]!["elements"]![0]!["text"]!["content"]!.GetValue<string>();
        Assert.StartsWith("- 🔴 [任务“财务日报下载”在账号 北京-001 上连续失败](https://rpa.example.cn/runs/1)\n", list, StringComparison.Ordinal);
        Assert.EndsWith("…", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_BotWithoutSigning_SendsNoTimestampOrSign()
    {
        Fake.SigningRequired = false;

        var delivery = await SendAsync(AlertChannelKind.Feishu, Fake.FeishuUrl(), null, Failed);

        Assert.True(delivery.Delivered);
        var body = Assert.Single(Fake.Requests).Body;
        Assert.False(body.ContainsKey("timestamp"));
        Assert.False(body.ContainsKey("sign"));
    }

    [Fact]
    public async Task Send_TimestampMoreThanAnHourOld_RefusedAsSignFailureAndNotRetried()
    {
        await RestartFakeAtAsync(Start.AddMinutes(61));

        var delivery = await SendAsync(AlertChannelKind.Feishu, Fake.FeishuUrl(), ChatFakeRobots.FeishuSecret, Failed);

        Assert.Equal(new AlertDelivery(false, 200,
            """{"code":19021,"data":{},"msg":"sign match fail or timestamp is not within one hour from current time"}""", false), delivery);
    }

    [Fact]
    public async Task Send_WrongSecret_RefusedAndNotRetried()
    {
        var delivery = await SendAsync(AlertChannelKind.Feishu, Fake.FeishuUrl(), "not-the-bots-secret", Failed);

        Assert.False(delivery.Delivered);
        Assert.False(delivery.Retry);
        Assert.StartsWith("""{"code":19021""", delivery.Answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_LegacyStatusCodeAnswer_Delivered()
    {
        Fake.FeishuLegacyAnswer = true;

        var delivery = await SendAsync(AlertChannelKind.Feishu, Fake.FeishuUrl(), ChatFakeRobots.FeishuSecret, Failed);

        Assert.Equal(new AlertDelivery(true, 200, """{"Extra":null,"StatusCode":0,"StatusMessage":"success"}""", false), delivery);
    }

    [Fact]
    public async Task Send_SixthMessageInASecond_FrequencyLimitedAndRetryable()
    {
        for (var i = 0; i < 5; i++)
        {
            Assert.True((await SendAsync(AlertChannelKind.Feishu, Fake.FeishuUrl(), ChatFakeRobots.FeishuSecret, Failed)).Delivered);
        }

        var limited = await SendAsync(AlertChannelKind.Feishu, Fake.FeishuUrl(), ChatFakeRobots.FeishuSecret, Failed);
        Clock.Advance(TimeSpan.FromSeconds(1));
        var later = await SendAsync(AlertChannelKind.Feishu, Fake.FeishuUrl(), ChatFakeRobots.FeishuSecret, Failed);

        Assert.False(limited.Delivered);
        Assert.True(limited.Retry);
        Assert.StartsWith("""{"code":11232""", limited.Answer, StringComparison.Ordinal);
        Assert.True(later.Delivered, later.Answer);
    }

    [Fact]
    public async Task Send_TooManyRequests_RetryableAfterTheAskedWait()
    {
        Fake.Override = (context, _) =>
        {
            context.Response.Headers.RetryAfter = "7";
            return Results.Json(new JsonObject { ["code"] = 11232, ["msg"] = "frequency limited" }, statusCode: 429);
        };

        var delivery = await SendAsync(AlertChannelKind.Feishu, Fake.FeishuUrl(), ChatFakeRobots.FeishuSecret, Failed);

        Assert.Equal(new AlertDelivery(false, 429, """{"code":11232,"msg":"frequency limited"}""", true, TimeSpan.FromSeconds(7)), delivery);
    }

    [Fact]
    public async Task Send_AnswerEchoingTheRequest_HidesHookIdSecretAndSign()
    {
        Fake.Override = EchoRequest;

        var delivery = await SendAsync(AlertChannelKind.Feishu, Fake.FeishuUrl(), ChatFakeRobots.FeishuSecret, Failed);

        Assert.False(delivery.Retry);
        Assert.StartsWith("/open-apis/bot/v2/hook/***", delivery.Answer, StringComparison.Ordinal);
        Assert.Contains("\"sign\":\"***\"", delivery.Answer, StringComparison.Ordinal);
        Assert.DoesNotContain(ChatFakeRobots.FeishuHookId, delivery.Answer, StringComparison.Ordinal);
        Assert.DoesNotContain(ChatFakeRobots.FeishuSecret, delivery.Answer, StringComparison.Ordinal);
        Assert.DoesNotContain("jq/Cw3PG6MYgUNl7JvmdhD2Xgv10Cye5WyhjB3URY9o=", delivery.Answer, StringComparison.Ordinal);
    }
}
