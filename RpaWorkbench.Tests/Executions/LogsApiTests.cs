using System.Net;
using System.Text.Json.Nodes;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Tests.Infrastructure;
using RpaWorkbench.Tests.Webhooks;

namespace RpaWorkbench.Tests.Executions;

/// <summary>
/// <c>GET /api/v1/logs</c> and <c>/api/v1/logs/{id}</c> over real HTTP on a real SQLite file, with runs stored by real
/// webhook calls: each filter narrows the list, paging and sort, refused values, one run, and who may read.
/// </summary>
public sealed class LogsApiTests(WebhookAppFactory app) : IClassFixture<WebhookAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("", new[] { 3, 2, 1 })]
    [InlineData("&app=财务日报", new[] { 3, 1 })]
    [InlineData("&status=failed", new[] { 3, 2 })]
    [InlineData("&app=财务日报&status=failed", new[] { 3 })]
    [InlineData("&from=2026-01-28&to=2026-01-28", new[] { 2 })]
    [InlineData("&from=2026-01-28T10:00&to=2026-01-29T09:00", new[] { 2 })]
    [InlineData("&from=2026-01-28T02:00:00Z", new[] { 3, 2 })]
    [InlineData("&q=OCR", new[] { 2 })]
    [InlineData("&q=ocr&status=completed", new int[0])]
    public async Task List_EachFilter_NarrowsToTheMatchingRunsNewestFirst(string filter, int[] expectedRuns)
    {
        var (account, ids) = await PostThreeRunsAsync();

        var page = await JsonAsync(await app.KeyClientAsync(ApiKeyScopes.Viewer), $"/api/v1/logs?account={account}{filter}");

        Assert.Equal(expectedRuns.Select(run => ids[run - 1]), page["items"]!.AsArray().Select(item => (long)item!["id"]!));
        Assert.Equal(expectedRuns.Length, (int)page["total"]!);
        Assert.False((bool)page["total_is_lower_bound"]!);
    }

    [Fact]
    public async Task List_PageAndSort_PagesWithTotal()
    {
        var (account, ids) = await PostThreeRunsAsync();
        var client = await app.KeyClientAsync(ApiKeyScopes.Viewer);

        var second = await JsonAsync(client, $"/api/v1/logs?account={account}&page=2&page_size=2");
        var byDuration = await JsonAsync(client, $"/api/v1/logs?account={account}&sort=duration&descending=false");

        Assert.Equal((3, 2, 2), ((int)second["total"]!, (int)second["page"]!, (int)second["page_size"]!));
        Assert.Equal(ids[0], (long)Assert.Single(second["items"]!.AsArray())!["id"]!);
        // Durations 1800 s, 600 s, 60 s: shortest first.
        Assert.Equal(new[] { ids[2], ids[1], ids[0] }, byDuration["items"]!.AsArray().Select(item => (long)item!["id"]!));
    }

    [Fact]
    public async Task List_Item_HasTheWebhookFieldNames()
    {
        var (account, ids) = await PostThreeRunsAsync();

        var item = (await JsonAsync(await app.KeyClientAsync(ApiKeyScopes.Viewer), $"/api/v1/logs?account={account}&q=OCR"))["items"]![0]!;

        Assert.Equal(ids[1], (long)item["id"]!);
        Assert.Equal(account, (string?)item["shadow_bot_account"]);
        Assert.Equal("云仓收藏", (string?)item["app_name"]);
        Assert.Equal("failed", (string?)item["status"]);
        Assert.Equal("2026-01-28T02:00:00Z", (string?)item["start_time"]);
        Assert.Equal("2026-01-28T02:10:00Z", (string?)item["end_time"]);
        Assert.Equal(600, (double)item["duration_seconds"]!);
        Assert.Equal((50, 48, 2), ((int)item["result_summary"]!["total_items"]!, (int)item["result_summary"]!["success_items"]!,
            (int)item["result_summary"]!["failed_items"]!));
        Assert.Equal("OCR 识别超时", (string?)item["error_message"]);
        Assert.True((bool)item["has_screenshot"]!);
        Assert.True((bool)item["has_log"]!);
    }

    [Theory]
    [InlineData("status=running", "status")]
    [InlineData("from=yesterday", "from")]
    [InlineData("to=2026-13-01", "to")]
    [InlineData("from=2026-01-29&to=2026-01-28", "to")]
    [InlineData("sort=colour", "sort")]
    [InlineData("descending=maybe", "descending")]
    [InlineData("page=0", "page")]
    [InlineData("page_size=201", "page_size")]
    public async Task List_BadValue_Returns422NamingTheField(string query, string field)
    {
        var response = await (await app.KeyClientAsync(ApiKeyScopes.Viewer)).GetAsync("/api/v1/logs?" + query, Ct);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
        Assert.Equal(new[] { field }, problem["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task Get_KnownRun_EveryFieldAndProxyLinks()
    {
        var (account, ids) = await PostThreeRunsAsync();

        var run = await JsonAsync(await app.KeyClientAsync(ApiKeyScopes.Viewer), $"/api/v1/logs/{ids[1]}");

        Assert.Equal(ids[1], (long)run["id"]!);
        Assert.Equal(account, (string?)run["shadow_bot_account"]);
        Assert.Equal("OCR 识别超时", (string?)run["error_message"]);
        Assert.Equal("https://bucket.oss-cn-hangzhou.aliyuncs.com/run/123/screenshot.png", (string?)run["screenshot_url"]);
        Assert.Equal("https://bucket.oss-cn-hangzhou.aliyuncs.com/run/123/log.txt", (string?)run["log_url"]);
        var links = run["links"]!;
        Assert.Equal("/api/v1/resources/proxy?url=https%3A%2F%2Fbucket.oss-cn-hangzhou.aliyuncs.com%2Frun%2F123%2Fscreenshot.png", (string?)links["screenshot"]);
        Assert.Equal("/api/v1/resources/proxy/download?url=https%3A%2F%2Fbucket.oss-cn-hangzhou.aliyuncs.com%2Frun%2F123%2Flog.txt", (string?)links["log_download"]);
        Assert.Equal($"/logs/{ids[1]}", (string?)links["page"]);
    }

    [Fact]
    public async Task Get_UnknownRun_Returns404Problem()
    {
        var response = await (await app.KeyClientAsync(ApiKeyScopes.Viewer)).GetAsync("/api/v1/logs/987654321", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Export_StillItsOwnRoute_NextToTheIdRoute()
    {
        var response = await (await app.KeyClientAsync(ApiKeyScopes.Viewer)).GetAsync("/api/v1/logs/export?status=failed", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/api/v1/logs")]
    [InlineData("/api/v1/logs/1")]
    public async Task Read_RobotKey_Returns403(string path)
    {
        var response = await (await app.KeyClientAsync(ApiKeyScopes.Robot)).GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task List_NoKey_Returns401()
    {
        var response = await app.CreateClient().GetAsync("/api/v1/logs", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    // Three runs of a fresh account (robots' zone Asia/Shanghai, UTC+8): 1 completed 财务日报 on 01-27 (30 min),
    // 2 failed 云仓收藏 "OCR 识别超时" on 01-28 10:00 (10 min), 3 failed 财务日报 on 01-29 (1 min).
    private async Task<(string Account, long[] Ids)> PostThreeRunsAsync()
    {
        var account = WebhookPayloads.NewAccount();
        var seed = WebhookPayloads.SeedCompletion(account);
        var first = await app.PostAndLoadAsync(seed.With("app_name", "财务日报"), Ct);
        var second = await app.PostAndLoadAsync(seed
            .With("status", "failed").With("start_time", "2026-01-28 10:00:00").With("end_time", "2026-01-28 10:10:00")
            .With("duration_seconds", 600).With("error_message", "OCR 识别超时"), Ct);
        var third = await app.PostAndLoadAsync(seed.With("app_name", "财务日报")
            .With("status", "failed").With("start_time", "2026-01-29 09:00:00").With("end_time", "2026-01-29 09:01:00")
            .With("duration_seconds", 60).With("error_message", "登录失败"), Ct);
        return (account, [first.Id, second.Id, third.Id]);
    }

    private static async Task<JsonNode> JsonAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
    }
}
