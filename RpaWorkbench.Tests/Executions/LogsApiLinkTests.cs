using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Tests.Infrastructure;
using RpaWorkbench.Tests.ResourceProxy;
using RpaWorkbench.Tests.Storage;
using RpaWorkbench.Tests.Webhooks;

namespace RpaWorkbench.Tests.Executions;

/// <summary>
/// A run's <c>links</c> from <c>GET /api/v1/logs/{id}</c> fetch its screenshot and log with the same API key, from a
/// real storage server on 127.0.0.1 through the Workbench's resource proxy.
/// </summary>
public sealed class LogsApiLinkTests(ResourceProxyFixture fixture) : IClassFixture<ResourceProxyFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Get_RunWithFiles_LinksDownloadWithTheKey()
    {
        var png = StoredBytes.Random(10_000);
        var log = Encoding.UTF8.GetBytes("09:00:00 开始运行\n09:30:00 完成\n");
        fixture.Storage.Serve("/runs/7/shot.png", png, "image/png");
        fixture.Storage.Serve("/runs/7/run.log", log, "text/plain; charset=utf-8");
        var id = await PostRunAsync(
            fixture.Storage.Url(ResourceProxyAppFactory.StorageHost, "/runs/7/shot.png"),
            fixture.Storage.Url(ResourceProxyAppFactory.StorageHost, "/runs/7/run.log"));
        var client = fixture.App.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", await fixture.App.KeySecretAsync(ApiKeyScopes.Viewer));

        var links = JsonNode.Parse(await client.GetStringAsync($"/api/v1/logs/{id}", Ct))!["links"]!;
        var screenshot = await client.GetAsync((string)links["screenshot"]!, Ct);
        var logDownload = await client.GetAsync((string)links["log_download"]!, Ct);

        Assert.Equal(HttpStatusCode.OK, screenshot.StatusCode);
        Assert.Equal(png, await screenshot.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal(HttpStatusCode.OK, logDownload.StatusCode);
        Assert.Equal(log, await logDownload.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal("attachment", logDownload.Content.Headers.ContentDisposition?.DispositionType);
    }

    [Fact]
    public async Task Get_RunWithoutFiles_NoFileLinks()
    {
        var id = await PostRunAsync(null, null);
        var client = fixture.App.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", await fixture.App.KeySecretAsync(ApiKeyScopes.Viewer));

        var links = JsonNode.Parse(await client.GetStringAsync($"/api/v1/logs/{id}", Ct))!["links"]!;

        Assert.Null(links["screenshot"]);
        Assert.Null(links["log"]);
        Assert.Equal($"/logs/{id}", (string?)links["page"]);
    }

    private async Task<long> PostRunAsync(string? screenshotUrl, string? logUrl)
    {
        var robot = fixture.App.CreateClient();
        robot.DefaultRequestHeaders.Add("X-Api-Key", ResourceProxyAppFactory.ApiKey);
        var payload = WebhookPayloads.SeedCompletion(WebhookPayloads.NewAccount()).With("screenshot_url", screenshotUrl).With("log_url", logUrl);
        var response = await robot.PostAsJsonAsync("/api/v1/webhook/execution-complete", payload, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (long)JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["id"]!;
    }
}
