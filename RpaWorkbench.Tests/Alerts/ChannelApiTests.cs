using System.Net;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Tests.Infrastructure;
using static RpaWorkbench.Tests.Infrastructure.RestCalls;

namespace RpaWorkbench.Tests.Alerts;

/// <summary>
/// <c>/api/v1/alert-channels</c> over real HTTP on a real SQLite file: admin keys write, every key reads, no answer ever
/// holds a secret, and a test message goes to a loopback receiver whose answer comes back (docs/api-rest-alert-channels.md).
/// </summary>
public sealed class ChannelApiTests(WebhookAppFactory app) : IClassFixture<WebhookAppFactory>
{
    private const string Token = "tok9f8e7d6c5b4a3210fedcba98a1b2";
    private const string Secret = "SECsigningSecret0123456789";
    private static int _names;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RoundTrip_CreateReadEditDelete_NoAnswerHoldsASecret()
    {
        var admin = await app.KeyClientAsync(ApiKeyScopes.Admin);
        var name = Unique("值班群");

        var created = await SendAsync(admin, HttpMethod.Post, "/api/v1/alert-channels",
            $$"""{ "name": "{{name}}", "kind": "ding_talk", "url": "https://oapi.dingtalk.com/robot/send?access_token={{Token}}", "secret": "{{Secret}}" }""");
        var createdText = await created.Content.ReadAsStringAsync(Ct);
        var channel = await JsonAsync(created, HttpStatusCode.Created);
        var id = (long)channel["id"]!;
        Assert.Equal($"/api/v1/alert-channels/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal("\"0\"", ETagOf(created));
        Assert.Equal(("ding_talk", "zh-CN", true, true, "https://oapi.dingtalk.com/robot/send?access_token=…a1b2"),
            ((string)channel["kind"]!, (string)channel["culture"]!, (bool)channel["enabled"]!, (bool)channel["has_secret"]!, (string)channel["url_hint"]!));

        var viewer = await app.KeyClientAsync(ApiKeyScopes.Viewer);
        var one = await viewer.GetAsync($"/api/v1/alert-channels/{id}", Ct);
        var oneText = await one.Content.ReadAsStringAsync(Ct);
        var list = await viewer.GetAsync("/api/v1/alert-channels?page=1&page_size=100", Ct);
        var listText = await list.Content.ReadAsStringAsync(Ct);
        Assert.Contains(name, listText, StringComparison.Ordinal);

        var edited = await SendAsync(admin, HttpMethod.Put, $"/api/v1/alert-channels/{id}",
            $$"""{ "name": "{{name}}-改", "kind": "ding_talk", "culture": "en", "enabled": false }""", ifMatch: "\"0\"");
        var editedText = await edited.Content.ReadAsStringAsync(Ct);
        var after = await JsonAsync(edited, HttpStatusCode.OK);
        Assert.Equal(("en", false, true, "https://oapi.dingtalk.com/robot/send?access_token=…a1b2"),
            ((string)after["culture"]!, (bool)after["enabled"]!, (bool)after["has_secret"]!, (string)after["url_hint"]!));
        Assert.Equal("\"1\"", ETagOf(edited));

        foreach (var text in new[] { createdText, oneText, listText, editedText })
        {
            Assert.DoesNotContain(Token, text, StringComparison.Ordinal);
            Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
            Assert.DoesNotContain("protected", text, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(admin, HttpMethod.Delete, $"/api/v1/alert-channels/{id}")).StatusCode);
        await ProblemFieldsAsync(await viewer.GetAsync($"/api/v1/alert-channels/{id}", Ct), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Create_BadInput_422NamingEachField()
    {
        var admin = await app.KeyClientAsync(ApiKeyScopes.Admin);

        var fields = await ProblemFieldsAsync(await SendAsync(admin, HttpMethod.Post, "/api/v1/alert-channels",
            """{ "name": "", "kind": "we_com", "url": "https://qyapi.weixin.qq.com/wrong/path?key=abc" }"""), HttpStatusCode.UnprocessableEntity);
        var email = await ProblemFieldsAsync(await SendAsync(admin, HttpMethod.Post, "/api/v1/alert-channels",
            $$"""{ "name": "{{Unique("mail")}}", "kind": "email", "smtp_host": "smtp.example.com", "smtp_port": 70000, "smtp_from": "x", "smtp_to": [] }"""),
            HttpStatusCode.UnprocessableEntity);

        Assert.Equal(["name", "url"], fields);
        Assert.Equal(["smtp_port", "smtp_from", "smtp_to"], email);
    }

    [Fact]
    public async Task Write_WithOperatorKey_403AndNothingStored()
    {
        var operatorKey = await app.KeyClientAsync(ApiKeyScopes.Operator);
        var name = Unique("operator");

        var response = await SendAsync(operatorKey, HttpMethod.Post, "/api/v1/alert-channels",
            $$"""{ "name": "{{name}}", "kind": "slack", "url": "https://hooks.slack.com/services/T1/B2/abcdefghijkl" }""");

        await ProblemFieldsAsync(response, HttpStatusCode.Forbidden);
        Assert.DoesNotContain(name, await (await operatorKey.GetAsync("/api/v1/alert-channels?page_size=500", Ct)).Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendTest_LoopbackReceiver_AnswersDeliveredOrTheReceiversRefusal()
    {
        var refuse = false;
        await using var receiver = await FakeAlertHttpEndpoint.StartAsync(_ => refuse ? new EndpointAnswer(403, "signature mismatch") : new EndpointAnswer(200, "accepted"));
        var admin = await app.KeyClientAsync(ApiKeyScopes.Admin);
        var id = (long)(await JsonAsync(await SendAsync(admin, HttpMethod.Post, "/api/v1/alert-channels",
            $$"""{ "name": "{{Unique("hook")}}", "kind": "webhook", "culture": "en", "url": "{{receiver.BaseUri}}alerts?token={{Token}}", "secret": "{{Secret}}" }"""),
            HttpStatusCode.Created))["id"]!;

        var delivered = await JsonAsync(await SendAsync(admin, HttpMethod.Post, $"/api/v1/alert-channels/{id}/test"), HttpStatusCode.OK);
        refuse = true;
        var refusedResponse = await SendAsync(admin, HttpMethod.Post, $"/api/v1/alert-channels/{id}/test");
        var refusedText = await refusedResponse.Content.ReadAsStringAsync(Ct);
        var refused = await JsonAsync(refusedResponse, HttpStatusCode.OK);

        Assert.Equal((true, 200), ((bool)delivered["delivered"]!, (int)delivered["status"]!));
        Assert.Equal((false, 403), ((bool)refused["delivered"]!, (int)refused["status"]!));
        Assert.Contains("signature mismatch", (string)refused["answer"]!, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, refusedText, StringComparison.Ordinal);
        var first = receiver.Received.First();
        Assert.StartsWith("Test message: hook", (string)first.Json["title"]!, StringComparison.Ordinal);
        await ProblemFieldsAsync(await SendAsync(admin, HttpMethod.Post, "/api/v1/alert-channels/987654321/test"), HttpStatusCode.NotFound);
    }

    private static string Unique(string prefix) => $"{prefix}-{Interlocked.Increment(ref _names)}-{Guid.NewGuid().ToString("N")[..6]}";
}
