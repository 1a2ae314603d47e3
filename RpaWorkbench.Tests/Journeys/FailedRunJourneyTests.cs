using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RpaWorkbench.Core.Storage.Proxy;
using RpaWorkbench.Tests.Infrastructure;
using RpaWorkbench.Tests.Webhooks;
using static Microsoft.Playwright.Assertions;

namespace RpaWorkbench.Tests.Journeys;

/// <summary>
/// Issue 9's journey 2 in Chromium: an operator opens a failed run, sees its screenshot and log text (fetched from
/// object storage through the resource proxy), then exports the filtered logs as CSV and the downloaded file holds the
/// right rows, the UTF-8 BOM and the Chinese text.
/// </summary>
public sealed class FailedRunJourneyTests(FailedRunJourneyTests.StorageBrowserFixture browser)
    : IClassFixture<FailedRunJourneyTests.StorageBrowserFixture>
{
    private const string App = "工单导出";
    private const string Error = "元素未找到：提交按钮";
    private const string LogText = "第 3 步：点击“提交”，等待 30 秒后仍未找到元素，任务失败";

    [Fact]
    public async Task OpenFailedRun_SeeScreenshotAndLog_ExportFilteredCsv()
    {
        await using var storage = await LocalResourceServer.StartAsync();
        var account = "导出-" + Guid.NewGuid().ToString("N")[..6];
        var page = await browser.NewPageAsync();
        await BrowserEvidence.RunAsync(page, nameof(OpenFailedRun_SeeScreenshotAndLog_ExportFilteredCsv), async () =>
        {
            storage.Serve("/run/shot.png", await RobotScreenshotAsync(page), "image/png");
            storage.Serve("/run/log.txt", Encoding.UTF8.GetBytes(LogText), "text/plain; charset=utf-8");
            var evidence = new Dictionary<string, object?>
            {
                ["screenshot_url"] = storage.Url(StorageBrowserFixture.StorageHost, "/run/shot.png"),
                ["log_url"] = storage.Url(StorageBrowserFixture.StorageHost, "/run/log.txt"),
            };
            for (var run = 0; run < 3; run++)
            {
                await PostAsync(account, "failed", run, evidence);
            }

            await PostAsync(account, "completed", 3, evidence);
            await PostAsync("other-" + account, "failed", 4, evidence);

            await BrowserFixture.GotoInteractiveAsync(page, $"/logs?account={Uri.EscapeDataString(account)}&status=failed");
            var rows = page.Locator(".logs-grid tbody tr");
            await Expect(rows).ToHaveCountAsync(3);
            await rows.First.ClickAsync();

            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/logs/\\d+$"));
            await Expect(page.Locator(".log-error")).ToContainTextAsync(Error);
            await Expect(page.Locator("pre.log-viewer")).ToHaveTextAsync(LogText);
            var thumbnail = page.Locator("img.log-thumbnail");
            await Expect(thumbnail).ToBeVisibleAsync();
            await page.WaitForFunctionAsync("img => img.complete && img.naturalWidth > 0", await thumbnail.ElementHandleAsync());
            await DocsScreenshots.SaveAsync(page, "log-detail");
            Assert.Contains(storage.Requests, r => r.Path == "/run/shot.png" && r.Host == StorageBrowserFixture.StorageHost);

            await page.GoBackAsync();
            await page.Locator("[data-workbench-ready=true]").WaitForAsync();
            await Expect(rows).ToHaveCountAsync(3);
            var download = await page.RunAndWaitForDownloadAsync(() => page.Locator(".logs-export").ClickAsync());
            var file = await download.PathAsync();

            var bytes = await File.ReadAllBytesAsync(file);
            Assert.Equal(Encoding.UTF8.Preamble.ToArray(), bytes[..3]);
            var (_, exported) = ExportedCsv.Parse(bytes);
            Assert.Equal(3, exported.Count);
            Assert.All(exported, row => Assert.Equal(
                (account, "failed", App, Error),
                (row["shadow_bot_account"], row["status"], row["app_name"], row["error_message"])));
        });
    }

    // What a robot's screenshot looks like: a rendered window with Chinese text, as a real PNG.
    private static async Task<byte[]> RobotScreenshotAsync(IPage page)
    {
        var robot = await page.Context.NewPageAsync();
        await robot.SetViewportSizeAsync(480, 270);
        await robot.SetContentAsync("<body style='font-family:sans-serif;background:#fdecea'><h2>工单系统</h2><p>找不到“提交”按钮</p></body>");
        var png = await robot.ScreenshotAsync();
        await robot.CloseAsync();
        return png;
    }

    private async Task PostAsync(string account, string status, int run, Dictionary<string, object?> evidence)
    {
        var start = DateTime.UtcNow.AddMinutes(-10 - run);
        using var robot = new HttpClient { BaseAddress = browser.App.BaseUrl };
        robot.DefaultRequestHeaders.Add("X-Api-Key", WebhookAppFactory.Key);
        var payload = WebhookPayloads.SeedCompletion(account)
            .With("app_name", App)
            .With("status", status)
            .With("error_message", status == "failed" ? Error : null)
            .With("start_time", start.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture))
            .With("end_time", start.AddMinutes(5).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture))
            .Without("duration_seconds")
            .With("screenshot_url", evidence["screenshot_url"])
            .With("log_url", evidence["log_url"]);
        (await robot.PostAsJsonAsync("/api/v1/webhook/execution-complete", payload)).EnsureSuccessStatusCode();
    }

    /// <summary>
    /// A browser on a Workbench whose resource proxy may fetch from <see cref="StorageHost"/>, a name the test network
    /// maps to 127.0.0.1 (no real DNS, no connection beyond loopback).
    /// </summary>
    public sealed class StorageBrowserFixture : BrowserFixture
    {
        public const string StorageHost = "oss.journey.test";

        public StorageBrowserFixture()
            : this(new LoopbackOnlyProxyNetwork())
        {
        }

        private StorageBrowserFixture(LoopbackOnlyProxyNetwork network)
            : base(new KestrelWorkbenchFactory(
                new Dictionary<string, string>
                {
                    ["Workbench:Storage:ProxyAllowedHosts:0"] = StorageHost,
                    ["Workbench:Storage:ProxyAllowedNetworks:0"] = "127.0.0.1/32",
                },
                testServices: services => services.AddSingleton<IProxyNetwork>(network)))
        {
            network.Map(StorageHost, "127.0.0.1");
        }
    }
}
