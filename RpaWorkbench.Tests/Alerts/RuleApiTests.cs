using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Tests.Infrastructure;
using static RpaWorkbench.Tests.Infrastructure.RestCalls;

namespace RpaWorkbench.Tests.Alerts;

/// <summary>
/// <c>/api/v1/alert-rules</c> over real HTTP on a real SQLite file: create, read, list, replace and delete with API keys,
/// ETags and If-Match, and each refusal as docs/api-rest-alert-rules.md promises (422 naming the field).
/// </summary>
public sealed class RuleApiTests(WebhookAppFactory app) : IClassFixture<WebhookAppFactory>
{
    private static int _names;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RoundTrip_CreateGetListReplaceDelete()
    {
        var client = await app.KeyClientAsync(ApiKeyScopes.Operator);
        var channel = await RuleTestData.ChannelAsync(ContextAsync, Unique("运维群"));
        var name = Unique("连续失败");

        var created = await SendAsync(client, HttpMethod.Post, "/api/v1/alert-rules", $$"""
            { "name": "{{name}}", "kind": "failures_in_a_row", "severity": "critical", "threshold": 3, "app_name": "云仓收藏",
              "channel_ids": [{{channel}}], "quiet_from": "22:00", "quiet_to": "07:30" }
            """);
        var rule = await JsonAsync(created, HttpStatusCode.Created);
        var id = (long)rule["id"]!;
        Assert.Equal($"/api/v1/alert-rules/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal("\"0\"", ETagOf(created));
        Assert.Equal(("failures_in_a_row", "critical", 3, "22:00", "07:30", true, 30),
            ((string?)rule["kind"], (string?)rule["severity"], (int)rule["threshold"]!, (string?)rule["quiet_from"], (string?)rule["quiet_to"],
             (bool)rule["send_resolved"]!, (int)rule["dedup_minutes"]!));
        Assert.Equal("云仓收藏", (string?)rule["scope"]!["app_name"]);
        Assert.Equal(channel, (long)rule["channels"]![0]!["id"]!);

        var viewer = await app.KeyClientAsync(ApiKeyScopes.Viewer);
        var read = await viewer.GetAsync($"/api/v1/alert-rules/{id}", Ct);
        Assert.Equal(name, (string?)(await JsonAsync(read, HttpStatusCode.OK))["name"]);
        var page = await GetJsonAsync(viewer, "/api/v1/alert-rules?kind=failures_in_a_row&enabled=true&page=1&page_size=500");
        Assert.Contains(page["items"]!.AsArray(), r => (long)r!["id"]! == id);
        Assert.All(page["items"]!.AsArray(), r => Assert.Equal("failures_in_a_row", (string?)r!["kind"]));

        var replaced = await SendAsync(client, HttpMethod.Put, $"/api/v1/alert-rules/{id}", $$"""
            { "name": "{{name}}", "kind": "success_rate_below", "percent": 90, "window_minutes": 60, "min_runs": 5, "group_by": "task", "enabled": false }
            """, ifMatch: "\"0\"");
        var after = await JsonAsync(replaced, HttpStatusCode.OK);
        Assert.Equal("\"1\"", ETagOf(replaced));
        Assert.Equal(("success_rate_below", 90d, "task", false, null, 0),
            ((string?)after["kind"], (double)after["percent"]!, (string?)after["group_by"], (bool)after["enabled"]!, (string?)after["quiet_from"], after["channels"]!.AsArray().Count));
        Assert.DoesNotContain((await GetJsonAsync(viewer, "/api/v1/alert-rules?enabled=true&page_size=500"))["items"]!.AsArray(), r => (long)r!["id"]! == id);

        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(client, HttpMethod.Delete, $"/api/v1/alert-rules/{id}")).StatusCode);
        await ProblemFieldsAsync(await viewer.GetAsync($"/api/v1/alert-rules/{id}", Ct), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Replace_StaleIfMatch_Returns412AndChangesNothing()
    {
        var client = await app.KeyClientAsync(ApiKeyScopes.Operator);
        var name = Unique("stale");
        var body = $$"""{ "name": "{{name}}", "kind": "run_failed" }""";
        var id = (long)(await JsonAsync(await SendAsync(client, HttpMethod.Post, "/api/v1/alert-rules", body), HttpStatusCode.Created))["id"]!;
        var changed = $$"""{ "name": "{{name}}", "kind": "run_failed", "severity": "critical" }""";
        await JsonAsync(await SendAsync(client, HttpMethod.Put, $"/api/v1/alert-rules/{id}", changed, ifMatch: "\"0\""), HttpStatusCode.OK);

        var stale = await SendAsync(client, HttpMethod.Put, $"/api/v1/alert-rules/{id}", $$"""{ "name": "{{name}}-2", "kind": "run_failed" }""", ifMatch: "\"0\"");

        await ProblemFieldsAsync(stale, HttpStatusCode.PreconditionFailed);
        Assert.Equal(name, (string?)(await GetJsonAsync(client, $"/api/v1/alert-rules/{id}"))["name"]);
    }

    [Theory]
    [InlineData("""{ "kind": "run_failed" }""", "name")]
    [InlineData("""{ "name": "r", "kind": "failures_in_row" }""", "kind")]
    [InlineData("""{ "name": "r", "kind": "failures_in_a_row", "threshold": 101 }""", "threshold")]
    [InlineData("""{ "name": "r", "kind": "run_failed", "threshold": 3 }""", "threshold")]
    [InlineData("""{ "name": "r", "kind": "success_rate_below", "percent": 0, "window_minutes": 60, "min_runs": 1, "group_by": "app" }""", "percent")]
    [InlineData("""{ "name": "r", "kind": "success_rate_below", "percent": 50, "window_minutes": 60, "min_runs": 1, "group_by": "robot" }""", "group_by")]
    [InlineData("""{ "name": "r", "kind": "run_failed", "quiet_from": "22:00" }""", "quiet_to")]
    [InlineData("""{ "name": "r", "kind": "run_failed", "quiet_from": "25:00", "quiet_to": "07:00" }""", "quiet_from")]
    [InlineData("""{ "name": "r", "kind": "run_failed", "severity": "fatal" }""", "severity")]
    [InlineData("""{ "name": "r", "kind": "run_failed", "channel_ids": [987654] }""", "channel_ids")]
    [InlineData("""{ "name": "r", "kind": "robot_offline", "threshold": 10, "task_id": 987654 }""", "task_id")]
    public async Task Create_RefusedValue_Returns422NamingTheField(string body, string field)
    {
        var client = await app.KeyClientAsync(ApiKeyScopes.Operator);

        var fields = await ProblemFieldsAsync(await SendAsync(client, HttpMethod.Post, "/api/v1/alert-rules", body), HttpStatusCode.UnprocessableEntity);

        Assert.Equal([field], fields);
    }

    [Fact]
    public async Task List_UnknownKindFilter_Returns422NamingIt()
    {
        var viewer = await app.KeyClientAsync(ApiKeyScopes.Viewer);

        Assert.Equal(["kind"], await ProblemFieldsAsync(await viewer.GetAsync("/api/v1/alert-rules?kind=sometimes", Ct), HttpStatusCode.UnprocessableEntity));
    }

    [Fact]
    public async Task ViewerKey_CannotWrite()
    {
        var viewer = await app.KeyClientAsync(ApiKeyScopes.Viewer);

        var response = await SendAsync(viewer, HttpMethod.Post, "/api/v1/alert-rules", """{ "name": "viewer's", "kind": "run_failed" }""");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private Task<WorkbenchDbContext> ContextAsync() =>
        app.Services.GetRequiredService<IDbContextFactory<WorkbenchDbContext>>().CreateDbContextAsync(Ct);

    private static string Unique(string prefix) => $"{prefix}{Interlocked.Increment(ref _names)}";
}
