using System.Net.Http.Json;
using Microsoft.Playwright;
using RpaWorkbench.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace RpaWorkbench.Tests.Webhooks;

[Collection(BrowserCollection.Name)]
public sealed class LiveBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task AccountsPage_WebhookLands_RowUpdatesWithoutReload()
    {
        var page = await browser.NewPageAsync();
        await BrowserEvidence.RunAsync(page, nameof(AccountsPage_WebhookLands_RowUpdatesWithoutReload), async () =>
        {
            await BrowserFixture.GotoInteractiveAsync(page, "/accounts");
            var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "caiwu02-rpa-finance-02.corp.local:9000" });
            await Expect(row).ToContainTextAsync("Offline");

            using var robot = new HttpClient { BaseAddress = browser.App.BaseUrl };
            robot.DefaultRequestHeaders.Add("X-Api-Key", WebhookAppFactory.Key);
            var payload = WebhookPayloads.SeedCompletion("caiwu02")
                .With("app_name", "报销审核").With("status", "failed").With("host_ip", "rpa-finance-02.corp.local").With("port", 9000);
            (await robot.PostAsJsonAsync("/api/v1/webhook/execution-complete", payload)).EnsureSuccessStatusCode();

            await Expect(row).ToContainTextAsync("Failed", new() { Timeout = 5_000 });
            await Expect(row).ToContainTextAsync("Online");
        });
    }
}
