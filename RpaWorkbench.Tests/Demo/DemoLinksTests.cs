using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Tests.Infrastructure;
using RpaWorkbench.Web.Features.Executions;

namespace RpaWorkbench.Tests.Demo;

/// <summary>The Workbench started with <c>--demo</c> on a fresh database, as <c>dotnet run</c> starts it.</summary>
public sealed class DemoWorkbenchFactory() : WorkbenchAppFactory(new Dictionary<string, string> { ["Workbench:Demo"] = "true" })
{
    /// <summary>A failed run of the demo's history.</summary>
    public async Task<ExecutionLog> FailedRunAsync()
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<WorkbenchDbContext>>().CreateDbContextAsync();
        return await db.ExecutionLogs.AsNoTracking().Where(l => l.Status == ExecutionStatus.Failed).OrderByDescending(l => l.StartTime).FirstAsync();
    }
}

/// <summary>
/// The demo's failed runs open on a machine without any network: their screenshot and log links resolve through the
/// Workbench's own endpoints, as the log page links them (no storage host is allowed, so nothing is fetched).
/// </summary>
public sealed class DemoLinksTests(DemoWorkbenchFactory app) : IClassFixture<DemoWorkbenchFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Screenshot_ThroughTheProxy_IsAPngShownInline()
    {
        var run = await app.FailedRunAsync();
        var client = await app.SignedInAsync();

        var response = await client.GetAsync(LogLinks.Proxy(run.ScreenshotUrl!), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Null(response.Content.Headers.ContentDisposition);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        var image = PngImage.Read(await response.Content.ReadAsByteArrayAsync(Ct));
        Assert.True(image.Width >= 320 && image.Height >= 200, $"{image.Width}x{image.Height}");
    }

    [Fact]
    public async Task Log_ThroughTheProxy_IsTheTextThatNamesTheError()
    {
        var run = await app.FailedRunAsync();
        var client = await app.SignedInAsync();

        var response = await client.GetAsync(LogLinks.Proxy(run.LogUrl!), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(run.ErrorMessage!, Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync(Ct)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Downloads_AreAttachmentsNamedAfterTheFile_WithTheBytesTheLinkServes()
    {
        var run = await app.FailedRunAsync();
        var client = await app.SignedInAsync();

        var screenshot = await client.GetAsync(LogLinks.ProxyDownload(run.ScreenshotUrl!), Ct);
        var log = await client.GetAsync(LogLinks.ProxyDownload(run.LogUrl!), Ct);
        var direct = await client.GetAsync(run.ScreenshotUrl, Ct);

        Assert.Equal(("attachment", "screenshot.png"), (screenshot.Content.Headers.ContentDisposition?.DispositionType, screenshot.Content.Headers.ContentDisposition?.FileName));
        Assert.Equal(("attachment", "log.txt"), (log.Content.Headers.ContentDisposition?.DispositionType, log.Content.Headers.ContentDisposition?.FileName));
        Assert.Equal(HttpStatusCode.OK, direct.StatusCode);
        Assert.Equal(await screenshot.Content.ReadAsByteArrayAsync(Ct), await direct.Content.ReadAsByteArrayAsync(Ct));
    }

    [Fact]
    public async Task Proxy_RunFileNotStored_NotFound()
    {
        var client = await app.SignedInAsync();

        var response = await client.GetAsync(LogLinks.Proxy("/api/v1/resources/objects/runs/demo/failure-99/screenshot.png"), Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Proxy_StoredObjectOutsideTheRunFiles_Refused()
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<WorkbenchDbContext>>().CreateDbContextAsync(Ct);
        var configFile = await db.Tasks.Where(t => t.ConfigFileKey != null).Select(t => t.ConfigFileKey!).SingleAsync(Ct);
        var client = await app.SignedInAsync();

        var response = await client.GetAsync(LogLinks.Proxy("/api/v1/resources/objects/" + configFile), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Proxy_NotSignedIn_Unauthorized()
    {
        var run = await app.FailedRunAsync();

        var response = await app.Browser().GetAsync(LogLinks.Proxy(run.ScreenshotUrl!), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
