using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace RpaWorkbench.Tests.Journeys;

/// <summary>
/// The main pages of a Workbench with three months of history (30,000 generated runs), as the README shows them: each
/// page must render its data, and its screenshot goes to docs/images when <c>WORKBENCH_DOCS_IMAGES</c> is set. The
/// Workbench's clock stands at a Wednesday 14:00 in Shanghai, so the history always has a morning of runs "today".
/// </summary>
public sealed class PageTourTests(FixedClockBrowserFixture browser) : IClassFixture<FixedClockBrowserFixture>, IAsyncLifetime
{
    // The operators' day (Asia/Shanghai, UTC+8) of FixedClockBrowserFixture.Now, 2026-11-25 06:00 UTC, began at 16:00 UTC the day before.
    private static readonly DateTime TodayInShanghai = new(2026, 11, 24, 16, 0, 0, DateTimeKind.Utc);

    public async ValueTask InitializeAsync() =>
        await browser.App.Services.GetRequiredService<LogSeeder>().SeedAsync(30_000, seed: 9, progress: null, TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<int> RunsSinceAsync(DateTime startUtc)
    {
        await using var db = await browser.App.Services.GetRequiredService<IDbContextFactory<WorkbenchDbContext>>()
            .CreateDbContextAsync(TestContext.Current.CancellationToken);
        return await db.ExecutionLogs.CountAsync(l => l.StartTime >= startUtc, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Dashboard_ShowsCardsTrendAndTopFailures_InEnglishAndChinese()
    {
        var runsToday = await RunsSinceAsync(TodayInShanghai);
        Assert.True(runsToday > 0, "The generated history has no run this morning.");
        foreach (var (locale, name, heading) in new[] { ("en-US", "dashboard", "Top failure messages"), ("zh-CN", "dashboard-zh", "主要失败原因") })
        {
            var page = await browser.NewPageAsync(locale);
            await BrowserEvidence.RunAsync(page, nameof(Dashboard_ShowsCardsTrendAndTopFailures_InEnglishAndChinese), async () =>
            {
                await BrowserFixture.GotoInteractiveAsync(page, "/dashboard");
                await Expect(page.Locator(".dashboard-card-runs-today .dashboard-card-value"))
                    .ToHaveTextAsync(runsToday.ToString("N0", CultureInfo.GetCultureInfo(locale)));
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
