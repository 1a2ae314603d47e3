using Microsoft.Playwright;

namespace RpaWorkbench.Tests.Infrastructure;

/// <summary>Runs a browser journey; on failure saves a full-page screenshot and says where it is.</summary>
public static class BrowserEvidence
{
    public static string ScreenshotDirectory { get; } =
        Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public static async Task RunAsync(IPage page, string name, Func<Task> journey)
    {
        try
        {
            await journey();
        }
        catch (Exception ex)
        {
            Directory.CreateDirectory(ScreenshotDirectory);
            var file = Path.Combine(ScreenshotDirectory, $"{name}-failure.png");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
            throw new InvalidOperationException($"Browser journey '{name}' failed at {page.Url}; screenshot: {file}", ex);
        }
    }
}
