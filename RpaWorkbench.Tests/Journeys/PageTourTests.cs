using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace RpaWorkbench.Tests.Journeys;

/// <summary>
/// The main pages of a Workbench with three months of history (30,000 generated runs), as the README shows them: each
/// page must render its data, and its screenshot goes to docs/images when <c>WORKBENCH_DOCS_IMAGES</c> is set.
/// </summary>
public sealed class PageTourTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    public async ValueTask InitializeAsync() =>
        await browser.App.Services.GetRequiredService<LogSeeder>().SeedAsync(30_000, seed: 9, progress: null, TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Dashboard_ShowsCardsTrendAndTopFailures_InEnglishAndChinese()
    {
        foreach (var (locale, name, heading) in new[] { ("en-US", "dashboard", "Top failure messages"), ("zh-CN", "dashboard-zh", "主要失败原因") })
        {
            var page = await browser.NewPageAsync(locale);
            await BrowserEvidence.RunAsync(page, nameof(Dashboard_ShowsCardsTrendAndTopFailures_InEnglishAndChinese), async () =>
            {
                await BrowserFixture.GotoInteractiveAsync(page, "/dashboard");
                await Expect(page.Locator(".dashboard-card-runs-today .dashboard-card-value")).Not.ToHaveTextAsync("0");
                await Expect(page.Locator(".dashboard-trend .mud-chart-bar").First).ToBeVisibleAsync();
                await Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading })).ToBeVisibleAsync();
                await Expect(page.Locator(".dashboard-failures tbody tr")).ToHaveCountAsync(10);
                await DocsScreenshots.SaveAsync(page, name);
            });
        }
    }

    [Fact]
    public async Task LogsUsersAndSettings_ShowTheirData()
    {
        var page = await browser.NewPageAsync();
        await BrowserEvidence.RunAsync(page, nameof(LogsUsersAndSettings_ShowTheirData), async () =>
        {
            await BrowserFixture.GotoInteractiveAsync(page, "/logs");
            await Expect(page.Locator(".logs-grid tbody tr")).ToHaveCountAsync(25);
            await DocsScreenshots.SaveAsync(page, "logs");

            await BrowserFixture.GotoInteractiveAsync(page, "/admin/users");
            await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = WorkbenchAppFactory.AdminUser })).ToContainTextAsync("Admin");
            await DocsScreenshots.SaveAsync(page, "users");

            await BrowserFixture.GotoInteractiveAsync(page, "/admin/settings");
            await Expect(page.GetByText("Asia/Shanghai").First).ToBeVisibleAsync();
            await DocsScreenshots.SaveAsync(page, "settings");
        });
    }
}
