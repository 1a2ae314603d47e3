using Bunit;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Tests.Infrastructure;
using RpaWorkbench.Web.Features.Executions;
using static RpaWorkbench.Tests.Executions.TestLogs;

namespace RpaWorkbench.Tests.Executions;

public sealed class LogDetailTests : WorkbenchComponentTest
{
    private static readonly DateTime Start = new(2026, 11, 25, 2, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Detail_ShowsFieldsAndScreenshotThroughTheProxy()
    {
        var log = Log("tygj001", "云仓收藏", ExecutionStatus.Failed, Start, seconds: 1800, error: "元素未找到 ElementNotFound");
        (log.TotalItems, log.SuccessItems, log.FailedItems) = (50, 48, 2);
        log.ScreenshotUrl = "https://bucket.oss-cn-hangzhou.aliyuncs.com/run/123/screenshot.png?x=1&y=2";
        log.LogContent = "[10:00:00] 开始运行\n[10:30:00] ERROR 元素未找到";
        await AddAsync(Services, log);

        var page = Render<LogDetail>(p => p.Add(d => d.Id, log.Id));

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("img.log-thumbnail")));
        Assert.Contains("tygj001", page.Markup, StringComparison.Ordinal);
        Assert.Equal("2026-11-25 10:00:00", page.Find("tr:nth-child(6) td").TextContent.Trim()); // start, in Shanghai time
        Assert.Equal("0:30:00", page.Find(".log-duration").TextContent.Trim());
        Assert.Equal("50 items: 48 succeeded, 2 failed", page.Find(".log-result").TextContent.Trim());
        Assert.Contains("元素未找到 ElementNotFound", page.Find(".log-error").TextContent, StringComparison.Ordinal);
        var proxied = "api/v1/resources/proxy?url=" + Uri.EscapeDataString(log.ScreenshotUrl);
        Assert.Equal(proxied, page.Find("img.log-thumbnail").GetAttribute("src"));
        Assert.Equal("api/v1/resources/proxy/download?url=" + Uri.EscapeDataString(log.ScreenshotUrl),
            page.Find("a.log-screenshot-download").GetAttribute("href"));
        Assert.Equal(log.LogContent, page.Find("pre.log-viewer").TextContent);
    }

    [Fact]
    public async Task Detail_NoScreenshotOrLog_ShowsEmptyStates()
    {
        var log = (await AddAsync(Services, Log("tygj001", "云仓收藏", ExecutionStatus.Completed, Start)))[0];

        var page = Render<LogDetail>(p => p.Add(d => d.Id, log.Id));

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".log-no-screenshot")));
        Assert.Equal("No screenshot was reported for this run.", page.Find(".log-no-screenshot").TextContent.Trim());
        Assert.Equal("No log was reported for this run.", page.Find(".log-no-log").TextContent.Trim());
        Assert.Empty(page.FindAll("img"));
        Assert.Contains("Not linked to a task", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Detail_LogOnlyAtAUrl_LoadsItThroughTheProxyWithADownload()
    {
        var log = Log("tygj001", "云仓收藏", ExecutionStatus.Completed, Start);
        log.LogUrl = "https://bucket.example.com/run/1/log.txt";
        await AddAsync(Services, log);
        var proxied = "api/v1/resources/proxy?url=" + Uri.EscapeDataString(log.LogUrl);
        JSInterop.Setup<int>("workbench.showText", _ => true).SetResult(200);

        var page = Render<LogDetail>(p => p.Add(d => d.Id, log.Id));

        page.WaitForAssertion(() => Assert.False(page.Find("pre.log-viewer").HasAttribute("hidden")));
        Assert.Equal(proxied, JSInterop.Invocations["workbench.showText"].Single().Arguments[1]);
        Assert.Equal("api/v1/resources/proxy/download?url=" + Uri.EscapeDataString(log.LogUrl), page.Find("a.log-download").GetAttribute("href"));
    }

    [Fact]
    public void Detail_UnknownId_SaysSo()
    {
        var page = Render<LogDetail>(p => p.Add(d => d.Id, 4242));

        page.WaitForAssertion(() => Assert.Contains("Run #4242 does not exist", page.Find(".log-not-found").TextContent, StringComparison.Ordinal));
    }
}
