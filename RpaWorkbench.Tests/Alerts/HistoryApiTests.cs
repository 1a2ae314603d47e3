using System.Net;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Tests.Infrastructure;
using static RpaWorkbench.Tests.Infrastructure.RestCalls;

namespace RpaWorkbench.Tests.Alerts;

/// <summary><c>/api/v1/alerts</c> and <c>/api/v1/alert-deliveries</c> over real HTTP on a real SQLite file, as docs/api-rest-alerts.md promises.</summary>
public sealed class HistoryApiTests(WebhookAppFactory app) : IClassFixture<WebhookAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task List_NarrowedByRuleAndState_ShowsTheAlertInBothLanguagesWithItsMessageCounts()
    {
        var seeded = await HistorySeed.RaiseAsync(app.Services, "接口A", Ct);
        var viewer = await app.KeyClientAsync(ApiKeyScopes.Viewer);

        var page = await GetJsonAsync(viewer, $"/api/v1/alerts?rule_id={seeded.FiringRuleId}&state=firing");

        var item = page["items"]!.AsArray().Single()!;
        Assert.Equal(1, (int)page["total"]!);
        Assert.Equal((seeded.FiringId, "failures_in_a_row", "critical", "firing", "task:7"),
            ((long)item["id"]!, (string?)item["kind"], (string?)item["severity"], (string?)item["state"], (string?)item["subject_key"]));
        Assert.Equal("任务连续失败 3 次：日报下载", (string?)item["text_zh"]!["title"]);
        Assert.Equal("Last error: 登录超时", (string?)item["text_en"]!["lines"]![1]);
        Assert.Equal(("/logs?task=7", 1, 0, 0), ((string?)item["link_path"], (int)item["delivered"]!, (int)item["waiting"]!, (int)item["failed"]!));
        Assert.Equal(0, (int)(await GetJsonAsync(viewer, $"/api/v1/alerts?rule_id={seeded.FiringRuleId}&state=resolved"))["total"]!);
    }

    [Fact]
    public async Task Get_OneAlert_AndItsFailedMessageWithTheChannelsAnswer()
    {
        var seeded = await HistorySeed.RaiseAsync(app.Services, "接口B", Ct);
        var viewer = await app.KeyClientAsync(ApiKeyScopes.Viewer);

        var alert = await GetJsonAsync(viewer, $"/api/v1/alerts/{seeded.OccurredId}");
        var messages = await GetJsonAsync(viewer, $"/api/v1/alert-deliveries?alert_id={seeded.OccurredId}");

        Assert.Equal(("occurred", "warning", 0, 1), ((string?)alert["state"], (string?)alert["severity"], (int)alert["delivered"]!, (int)alert["failed"]!));
        var message = messages["items"]!.AsArray().Single()!;
        Assert.Equal(("接口B 运维群", "firing", "failed", "运行失败：月报汇总", 200),
            ((string?)message["channel_name"], (string?)message["purpose"], (string?)message["state"], (string?)message["title"], (int)message["status"]!));
        Assert.Contains("sign not match", (string?)message["answer"], StringComparison.Ordinal);
        var onChannel = await GetJsonAsync(viewer, $"/api/v1/alert-deliveries?channel_id={seeded.ChannelId}&state=delivered");
        Assert.Equal(seeded.FiringId, (long)onChannel["items"]!.AsArray().Single()!["alert_id"]!);
    }

    [Fact]
    public async Task Since_BeforeAndAfterTheAlerts()
    {
        var seeded = await HistorySeed.RaiseAsync(app.Services, "接口C", Ct);
        var viewer = await app.KeyClientAsync(ApiKeyScopes.Viewer);

        var before = await GetJsonAsync(viewer, $"/api/v1/alerts?rule_id={seeded.FiringRuleId}&since=2000-01-01T08:00:00%2B08:00");
        var after = await GetJsonAsync(viewer, $"/api/v1/alerts?rule_id={seeded.FiringRuleId}&since=2099-01-01T00:00:00Z");

        Assert.Equal((1, 0), ((int)before["total"]!, (int)after["total"]!));
    }

    [Fact]
    public async Task BadFilters_422NamingEachField_UnknownAlert404_NoKey401()
    {
        var viewer = await app.KeyClientAsync(ApiKeyScopes.Viewer);

        var fields = await ProblemFieldsAsync(await SendAsync(viewer, HttpMethod.Get,
            "/api/v1/alerts?state=burning&severity=loud&kind=x&rule_id=-1&since=yesterday"), HttpStatusCode.UnprocessableEntity);
        var deliveryFields = await ProblemFieldsAsync(await SendAsync(viewer, HttpMethod.Get,
            "/api/v1/alert-deliveries?state=lost&channel_id=abc&alert_id=0"), HttpStatusCode.UnprocessableEntity);

        Assert.Equal(["kind", "rule_id", "severity", "since", "state"], fields.Order(StringComparer.Ordinal));
        Assert.Equal(["alert_id", "channel_id", "state"], deliveryFields.Order(StringComparer.Ordinal));
        await ProblemFieldsAsync(await SendAsync(viewer, HttpMethod.Get, "/api/v1/alerts/987654321"), HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync("/api/v1/alerts", Ct)).StatusCode);
    }
}
