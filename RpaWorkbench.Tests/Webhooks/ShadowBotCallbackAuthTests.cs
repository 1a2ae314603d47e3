using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Webhooks;

/// <summary>
/// ShadowBot cannot send headers, so its callback URL carries the robot key as <c>?key=</c> (accepted on that route
/// only) and ShadowBot adds <c>bodyMd5</c> and <c>timestamp</c>, which are checked when present.
/// </summary>
public sealed class ShadowBotCallbackAuthTests(WebhookAppFactory app) : IClassFixture<WebhookAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(ApiKeyScopes.Robot, true, HttpStatusCode.OK)]
    [InlineData(ApiKeyScopes.Viewer, true, HttpStatusCode.Forbidden)]
    [InlineData(ApiKeyScopes.Operator, true, HttpStatusCode.Forbidden)]
    [InlineData(ApiKeyScopes.Admin, true, HttpStatusCode.Forbidden)]
    [InlineData(ApiKeyScopes.Robot, false, HttpStatusCode.OK)]
    [InlineData(ApiKeyScopes.Viewer, false, HttpStatusCode.Forbidden)]
    [InlineData(ApiKeyScopes.Operator, false, HttpStatusCode.Forbidden)]
    [InlineData(ApiKeyScopes.Admin, false, HttpStatusCode.Forbidden)]
    public async Task KeyInQueryOrHeader_OnlyARobotKeyMayPost(string scope, bool inQuery, HttpStatusCode expected)
    {
        var key = Uri.EscapeDataString(await app.KeySecretAsync(scope));

        var response = inQuery
            ? await PostAsync($"{ShadowBotPayloads.Path}?key={key}", JobBody(), app.CreateClient())
            : await PostAsync(ShadowBotPayloads.Path, JobBody(), await app.KeyClientAsync(scope));

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task NoKeyOrAWrongKeyInQuery_401AndNothingStored()
    {
        var before = await app.QueryAsync(db => db.ExecutionLogs.CountAsync(Ct));

        var none = await PostAsync(ShadowBotPayloads.Path, JobBody(), app.CreateClient());
        var wrong = await PostAsync($"{ShadowBotPayloads.Path}?key=not-a-key-0123456789", JobBody(), app.CreateClient());

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (none.StatusCode, wrong.StatusCode));
        Assert.Contains("?key=", await none.Content.ReadAsStringAsync(Ct));
        Assert.Equal(before, await app.QueryAsync(db => db.ExecutionLogs.CountAsync(Ct)));
    }

    [Theory]
    [InlineData("/api/v1/logs", ApiKeyScopes.Viewer)]
    [InlineData("/api/v1/accounts", ApiKeyScopes.Admin)]
    [InlineData("/api/v1/logs/export", ApiKeyScopes.Viewer)]
    public async Task KeyInQuery_RefusedOnEveryOtherRoute(string path, string scope)
    {
        var key = await app.KeySecretAsync(scope);

        var response = await app.CreateClient().GetAsync($"{path}?key={Uri.EscapeDataString(key)}", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task KeyInQuery_RefusedOnTheOtherWebhooks()
    {
        var response = await app.CreateClient().PostAsJsonAsync($"/api/v1/webhook/heartbeat?key={WebhookAppFactory.Key}",
            new { shadow_bot_account = WebhookPayloads.NewAccount() }, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task SignedCallback_MatchingMd5AndFreshTimestamp_Stored()
    {
        var body = JobBody();
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        var upper = await PostSignedAsync(body, ShadowBotPayloads.Md5Hex(body).ToUpperInvariant(), now);
        var millis = await PostSignedAsync(JobBody(), null, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (upper.StatusCode, millis.StatusCode));
    }

    [Fact]
    public async Task SignedCallback_BodyNotMatchingItsMd5_401NamingBodyMd5()
    {
        var body = JobBody();
        var other = JobBody();

        var response = await PostSignedAsync(body, ShadowBotPayloads.Md5Hex(other), DateTimeOffset.UtcNow.ToUnixTimeSeconds());

        await AssertRefusedAsync(response, "bodyMd5");
    }

    [Theory]
    [InlineData(-11 * 60)]
    [InlineData(-3600)]
    [InlineData(11 * 60)]
    public async Task SignedCallback_TimestampOutsideTenMinutes_401NamingTimestamp(int offsetSeconds)
    {
        var response = await PostSignedAsync(JobBody(), null, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + offsetSeconds);

        await AssertRefusedAsync(response, "timestamp");
    }

    [Fact]
    public async Task SignedCallback_TimestampNotANumber_401NamingTimestamp()
    {
        var body = JobBody();
        var response = await PostAsync(
            $"{ShadowBotPayloads.Path}?key={WebhookAppFactory.Key}&bodyMd5={ShadowBotPayloads.Md5Hex(body)}&timestamp=yesterday", body, app.CreateClient());

        await AssertRefusedAsync(response, "timestamp");
    }

    private async Task AssertRefusedAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    // md5 null: the body's own.
    private Task<HttpResponseMessage> PostSignedAsync(byte[] body, string? md5, long timestamp) =>
        PostAsync($"{ShadowBotPayloads.Path}?key={WebhookAppFactory.Key}&bodyMd5={md5 ?? ShadowBotPayloads.Md5Hex(body)}&timestamp={timestamp}&sign=unchecked",
            body, app.CreateClient());

    private static byte[] JobBody() =>
        JsonSerializer.SerializeToUtf8Bytes(ShadowBotPayloads.Job(WebhookPayloads.NewAccount(), ShadowBotPayloads.NewUuid()));

    private static Task<HttpResponseMessage> PostAsync(string pathAndQuery, byte[] body, HttpClient client)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");
        return client.PostAsync(pathAndQuery, content, Ct);
    }
}
