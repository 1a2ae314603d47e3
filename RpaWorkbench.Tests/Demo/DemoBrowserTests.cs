using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace RpaWorkbench.Tests.Demo;

/// <summary>On a fresh demo, a failed run's page in Chromium shows its screenshot and its log, with no network at all.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DemoBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task FailedDemoRun_DetailShowsItsScreenshotAndLog()
    {
        await using var db = await browser.App.Services.GetRequiredService<IDbContextFactory<WorkbenchDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken);
        var run = await db.ExecutionLogs.AsNoTracking()
            .Where(l => l.Status == ExecutionStatus.Failed && l.ScreenshotUrl!.StartsWith("/api/v1/resources/objects/runs/"))
            .OrderByDescending(l => l.StartTime).FirstAsync(TestContext.Current.CancellationToken);
        var page = await browser.NewPageAsync();
        await BrowserEvidence.RunAsync(page, nameof(FailedDemoRun_DetailShowsItsScreenshotAndLog), async () =>
        {
            await BrowserFixture.GotoInteractiveAsync(page, $"/logs/{run.Id}");

            var thumbnail = page.Locator("img.log-thumbnail");
            await Expect(thumbnail).ToBeVisibleAsync();
            await page.WaitForFunctionAsync("img => img.complete && img.naturalWidth > 0", await thumbnail.ElementHandleAsync());
            await Expect(page.Locator("pre.log-viewer")).ToContainTextAsync(run.ErrorMessage!);
            await Expect(page.Locator(".log-load-failed")).ToHaveCountAsync(0);
        });
    }
}
