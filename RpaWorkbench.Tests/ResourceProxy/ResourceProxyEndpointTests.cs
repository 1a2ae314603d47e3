using System.Net;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Core.Storage.Proxy;
using RpaWorkbench.Tests.Infrastructure;
using RpaWorkbench.Tests.Storage;
using RpaWorkbench.Web.Features.ResourceProxy;
using RpaWorkbench.Web.Features.Security;
using static RpaWorkbench.Tests.ResourceProxy.ProxyAssertions;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Web.Features.ApiKeys;

namespace RpaWorkbench.Tests.ResourceProxy;

/// <summary>
/// Fetches through <c>/api/v1/resources/proxy</c> from a real storage server on 127.0.0.1 (allowed through
/// <c>ProxyAllowedNetworks = 127.0.0.1/32</c> under a name the test network maps to it): bytes, headers, content types,
/// downloads, upstream errors, the size cap, the timeout, who may call it and what is logged.
/// </summary>
public sealed class ResourceProxyEndpointTests(ResourceProxyFixture fixture) : IClassFixture<ResourceProxyFixture>
{
    private const string StorageHost = ResourceProxyAppFactory.StorageHost;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ResourceProxyAppFactory App => fixture.App;

    private LocalResourceServer Storage => fixture.Storage;

    [Fact]
    public async Task Get_AllowedScreenshot_StreamsTheBytesWithHeadersThatKeepItInert()
    {
        var png = StoredBytes.Random(40_000);
        Storage.Serve("/shots/run-1.png", png, "image/png");

        var response = await GetAsync(Storage.Url(StorageHost, "/shots/run-1.png"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(png, await response.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(png.Length, response.Content.Headers.ContentLength);
        Assert.Null(response.Content.Headers.ContentDisposition);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("default-src 'none'; sandbox; frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        Assert.Empty(App.Network.Violations);
    }

    [Fact]
    public async Task Get_StorageRequest_IsBareAndCarriesTheSignedQuery()
    {
        Storage.Serve("/shots/signed.png", [1, 2, 3], "image/png");

        var response = await GetAsync(Storage.Url(StorageHost, "/shots/signed.png?OSSAccessKeyId=id&Expires=1&Signature=sig%2B1"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var request = Storage.Requests.Last(r => r.Path == "/shots/signed.png");
        Assert.Equal(StorageHost, request.Host);
        Assert.Equal("?OSSAccessKeyId=id&Expires=1&Signature=sig%2B1", request.Query);
        Assert.False(request.Headers.ContainsKey("Cookie"), "The operator's cookie went to the storage.");
        Assert.False(request.Headers.ContainsKey("Authorization"));
        Assert.Equal(ResourceFetcher.ClientUserAgent, request.Headers["User-Agent"]);
    }

    [Fact]
    public async Task Download_ChineseLog_AttachmentWithSafeNameAndCharsetKept()
    {
        const string path = "/logs/%E8%BF%90%E8%A1%8C%22%3B.log";
        var log = Encoding.UTF8.GetBytes("2024-05-01 09:00:00 开始运行\n2024-05-01 09:00:05 完成\n");
        Storage.Serve(Uri.UnescapeDataString(path), log, "text/plain; charset=utf-8", chunked: true);

        var response = await GetAsync(Storage.Url(StorageHost, path), download: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(log, await response.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        var disposition = response.Content.Headers.ContentDisposition;
        Assert.Equal("attachment", disposition?.DispositionType);
        Assert.Equal("运行__.log", disposition?.FileNameStar);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Theory]
    [InlineData("text/html; charset=utf-8")]
    [InlineData("image/svg+xml")]
    [InlineData("application/javascript")]
    [InlineData("text/xml")]
    [InlineData("multipart/x-mixed-replace; boundary=x")]
    [InlineData(null)]
    public async Task Get_TypeABrowserWouldRun_ServedAsBinary(string? contentType)
    {
        var path = $"/shots/active-{Guid.NewGuid():N}.png";
        Storage.Serve(path, "<svg onload=alert(1)><script>alert(1)</script>"u8.ToArray(), contentType);

        var response = await GetAsync(Storage.Url(StorageHost, path));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.ToString());
        Assert.Contains("sandbox", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_RedirectWithinAllowedHosts_Followed()
    {
        Storage.Serve("/shots/final.png", [9, 8, 7], "image/png");
        Storage.Answer("/shots/old.png", context =>
        {
            context.Response.Redirect(Storage.Url(ResourceProxyAppFactory.CdnHost, "/shots/final.png"));
            return Task.CompletedTask;
        });

        var response = await GetAsync(Storage.Url(StorageHost, "/shots/old.png"), download: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new byte[] { 9, 8, 7 }, await response.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal("old.png", response.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal(ResourceProxyAppFactory.CdnHost, Storage.Requests.Last().Host);
    }

    [Fact]
    public async Task Get_StorageHasNothing_404Problem()
    {
        var response = await GetAsync(Storage.Url(StorageHost, "/shots/missing.png"));

        await ProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData(HttpStatusCode.Forbidden)]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    public async Task Get_StorageError_502Problem(HttpStatusCode status)
    {
        Storage.Answer("/shots/broken.png", context =>
        {
            context.Response.StatusCode = (int)status;
            return Task.CompletedTask;
        });

        var response = await GetAsync(Storage.Url(StorageHost, "/shots/broken.png"));

        var problem = await ProblemAsync(response, HttpStatusCode.BadGateway);
        Assert.Contains(((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture), problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_NothingListening_502Problem()
    {
        var closedPort = new Uri(S3rverFixture.UnreachableServiceUrl()).Port;

        var response = await GetAsync($"http://{StorageHost}:{closedPort}/shots/1.png");

        await ProblemAsync(response, HttpStatusCode.BadGateway);
        Assert.Empty(App.Network.Violations);
    }

    [Fact]
    public async Task Get_DeclaredLengthOverTheCap_502ProblemWithoutStreaming()
    {
        Storage.Serve("/shots/huge.png", new byte[ResourceProxyAppFactory.MaxBytes + 1], "image/png");

        var response = await GetAsync(Storage.Url(StorageHost, "/shots/huge.png"));

        var problem = await ProblemAsync(response, HttpStatusCode.BadGateway);
        Assert.Contains("ProxyMaxBytes", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_UndeclaredBodyOverTheCap_NeverDeliveredWhole()
    {
        Storage.Answer("/logs/endless.log", async context =>
        {
            context.Response.ContentType = "text/plain";
            for (var i = 0; i < 12; i++)
            {
                await context.Response.Body.WriteAsync(new byte[16 * 1024], context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        });

        var response = await (await fixture.SignedInAsync()).GetAsync(
            ResourceProxyEndpoints.PathFor(Storage.Url(StorageHost, "/logs/endless.log")), HttpCompletionOption.ResponseHeadersRead, Ct);

        if (response.StatusCode == HttpStatusCode.OK)
        {
            // Streaming had begun when the cap was reached: the response is cut off, not completed short.
            await Assert.ThrowsAnyAsync<Exception>(() => response.Content.ReadAsByteArrayAsync(Ct));
        }
        else
        {
            await ProblemAsync(response, HttpStatusCode.BadGateway);
        }
    }

    [Fact]
    public async Task Get_StorageTooSlow_504Problem()
    {
        await using var impatient = ResourceProxyAppFactory.Create(new Dictionary<string, string> { ["Workbench:Storage:ProxyTimeout"] = "00:00:00.300" });
        Storage.Answer("/shots/slow.png", StallAsync);

        var response = await (await impatient.SignedInAsync()).GetAsync(ResourceProxyEndpoints.PathFor(Storage.Url(StorageHost, "/shots/slow.png")), Ct);

        var problem = await ProblemAsync(response, HttpStatusCode.GatewayTimeout);
        Assert.Contains("ProxyTimeout", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_BodyTooSlowAfterHeaders_504Problem()
    {
        await using var impatient = ResourceProxyAppFactory.Create(new Dictionary<string, string> { ["Workbench:Storage:ProxyTimeout"] = "00:00:00.300" });
        Storage.Answer("/logs/stalled.log", async context =>
        {
            context.Response.ContentType = "text/plain";
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await StallAsync(context);
        });

        var response = await (await impatient.SignedInAsync()).GetAsync(ResourceProxyEndpoints.PathFor(Storage.Url(StorageHost, "/logs/stalled.log")), Ct);

        await ProblemAsync(response, HttpStatusCode.GatewayTimeout);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Get_Anonymous_401ProblemAndNoFetch(bool download)
    {
        var served = Storage.Requests.Count;

        var response = await App.Browser().GetAsync(ResourceProxyEndpoints.PathFor(Storage.Url(StorageHost, "/shots/run-1.png"), download), Ct);

        await ProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Null(response.Headers.Location);
        Assert.Equal(served, Storage.Requests.Count);
    }

    [Fact]
    public async Task Get_RobotKey_403ProblemAndNothingFetched()
    {
        var served = Storage.Requests.Count;
        var robot = App.CreateClient();
        robot.DefaultRequestHeaders.Add("X-Api-Key", ResourceProxyAppFactory.ApiKey);

        var response = await robot.GetAsync(ResourceProxyEndpoints.PathFor(Storage.Url(StorageHost, "/shots/run-1.png")), Ct);

        await ProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal(served, Storage.Requests.Count);
    }

    [Fact]
    public async Task Get_Viewer_MayFetch()
    {
        Storage.Serve("/shots/viewer.png", [4, 5, 6], "image/png");
        await App.AddUserAsync("viewer-proxy", "viewer-password-1", Roles.Viewer);

        var response = await (await App.SignedInAsync("viewer-proxy", "viewer-password-1"))
            .GetAsync(ResourceProxyEndpoints.PathFor(Storage.Url(StorageHost, "/shots/viewer.png")), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Refusals_Logged_WithHostAndPathButNeverTheSignature()
    {
        const string signature = "c2lnbmF0dXJlLXNlY3JldA";
        await GetAsync(Storage.Url(StorageHost, $"/shots/gone.png?Expires=1&Signature={signature}"));
        await GetAsync(Storage.Url(App.Trap("logged", "169.254.169.254"), $"/shots/x.png?Signature={signature}"));
        await GetAsync($"http://evil.test/shots/x.png?Signature={signature}");

        var entries = App.Logs.Entries.Where(e => e.Message.Contains("Resource proxy", StringComparison.Ordinal)).ToList();
        Assert.Contains(entries, e => e.Message.Contains($"{StorageHost}:{Storage.Port}/shots/gone.png", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Message.Contains("logged.trap.example.test", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Message.Contains("evil.test", StringComparison.Ordinal));
        Assert.DoesNotContain(App.Logs.Entries, e => e.AllText.Contains(signature, StringComparison.Ordinal));
    }

    [Fact]
    public void Authorization_BothRoutesTakeTheSessionOrAKeyWithAWorkbenchRole()
    {
        var proxyRoutes = ApiEndpoints.Of(App.Services)
            .Where(e => e.Path.StartsWith(ResourceProxyEndpoints.ProxyPath, StringComparison.Ordinal) && e.Path != IntranetProxyRoute.Path)
            .Select(e => e.Endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>())
            .ToList();

        Assert.Equal(2, proxyRoutes.Count);
        Assert.All(proxyRoutes, rules =>
        {
            Assert.Contains(rules, r => r.Policy == SecuritySetup.SessionOrApiKeyPolicy);
            Assert.DoesNotContain(rules, r => r.AuthenticationSchemes == ApiKeyAuthenticationHandler.SchemeName);
        });
    }

    private static async Task StallAsync(HttpContext context)
    {
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // The proxy gave up, as the test wants.
        }
    }

    private async Task<HttpResponseMessage> GetAsync(string url, bool download = false) =>
        await (await fixture.SignedInAsync()).GetAsync(ResourceProxyEndpoints.PathFor(url, download), Ct);
}
