using Microsoft.Playwright;

namespace RpaWorkbench.Tests.Infrastructure;

/// <summary>
/// Saves page screenshots for the README into the folder named by <c>WORKBENCH_DOCS_IMAGES</c>
/// (e.g. <c>WORKBENCH_DOCS_IMAGES=$PWD/docs/images ./test.sh</c>); without it, into the test results.
/// </summary>
public static class DocsScreenshots
{
    public static async Task SaveAsync(IPage page, string name)
    {
        var folder = Environment.GetEnvironmentVariable("WORKBENCH_DOCS_IMAGES") is { Length: > 0 } configured
            ? configured
            : BrowserEvidence.ScreenshotDirectory;
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{name}.png") });
    }
}
