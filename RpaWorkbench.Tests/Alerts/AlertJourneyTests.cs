using System.Net;
using System.Net.Http.Json;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Tests.Infrastructure;
using RpaWorkbench.Tests.Webhooks;
using static RpaWorkbench.Tests.Infrastructure.RestCalls;

namespace RpaWorkbench.Tests.Alerts;

/// <summary>
/// The whole loop on a running Workbench with its own background services: an admin adds a DingTalk channel, an
/// operator a "run failed" rule over REST, a robot reports a failed run through the webhook, and the loopback DingTalk
/// robot receives one signed markdown message about it; the history shows the alert and the delivery with DingTalk's answer.
/// </summary>
public sealed class AlertJourneyTests(WebhookAppFactory app) : IClassFixture<WebhookAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task FailedRunReported_ReachesTheDingTalkGroup_AndTheHistory()
    {
        await using var dingTalk = await ChatFakeRobots.StartAsync(TimeProvider.System);
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var appName = "告警旅程" + suffix;
        var admin = await app.KeyClientAsync(ApiKeyScopes.Admin);
        var channel = await JsonAsync(await SendAsync(admin, HttpMethod.Post, "/api/v1/alert-channels",
            $$"""{ "name": "运维群{{suffix}}", "kind": "ding_talk", "url": "{{dingTalk.DingTalkUrl()}}", "secret": "{{ChatFakeRobots.DingTalkSecret}}" }"""),
            HttpStatusCode.Created);
        var operatorKey = await app.KeyClientAsync(ApiKeyScopes.Operator);
        var rule = await JsonAsync(await SendAsync(operatorKey, HttpMethod.Post, "/api/v1/alert-rules",
            $$"""{ "name": "失败即报{{suffix}}", "kind": "run_failed", "severity": "critical", "app_name": "{{appName}}", "channel_ids": [{{channel["id"]}}], "dedup_minutes": 30 }"""),
            HttpStatusCode.Created);
        var ruleId = (long)rule["id"]!;

        var failed = WebhookPayloads.SeedCompletion(WebhookPayloads.NewAccount()).With("app_name", appName).With("status", "failed")
            .With("error_message", "登录超时");
        (await app.Robot().PostAsJsonAsync("/api/v1/webhook/execution-complete", failed, Ct)).EnsureSuccessStatusCode();

        await WaitUntilAsync(() => Task.FromResult(dingTalk.Requests.Any(r => About(r.Body, appName))), "DingTalk received the message");
        var sent = Assert.Single(dingTalk.Requests, r => About(r.Body, appName));
        Assert.Equal("markdown", (string?)sent.Body["msgtype"]);
        Assert.Contains("登录超时", (string?)sent.Body["markdown"]!["text"], StringComparison.Ordinal);
        Assert.Contains("sign=", sent.Query, StringComparison.Ordinal);

        var viewer = await app.KeyClientAsync(ApiKeyScopes.Viewer);
        var alerts = await GetJsonAsync(viewer, $"/api/v1/alerts?rule_id={ruleId}");
        var alert = alerts["items"]!.AsArray().Single()!;
        Assert.Equal(("run_failed", "occurred", "critical"), ((string?)alert["kind"], (string?)alert["state"], (string?)alert["severity"]));
        await WaitUntilAsync(async () => (int)(await GetJsonAsync(viewer, $"/api/v1/alerts/{alert["id"]}"))["delivered"]! == 1, "the delivery was recorded");
        var delivery = (await GetJsonAsync(viewer, $"/api/v1/alert-deliveries?alert_id={alert["id"]}"))["items"]!.AsArray().Single()!;
        Assert.Equal(("delivered", 200, 1), ((string?)delivery["state"], (int)delivery["status"]!, (int)delivery["attempts"]!));
        Assert.Contains("\"errcode\":0", (string?)delivery["answer"], StringComparison.Ordinal);
    }

    private static bool About(System.Text.Json.Nodes.JsonObject body, string appName) =>
        ((string?)body["markdown"]?["text"])?.Contains(appName, StringComparison.Ordinal) == true;

    // The evaluator and the outbox run on their own; each step is awaited on its visible result, with a generous limit.
    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string step)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Not within 60 s: {step}.");
            await Task.Delay(100, Ct);
        }
    }
}
