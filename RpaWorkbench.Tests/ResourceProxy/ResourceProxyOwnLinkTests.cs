using System.Net;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.Storage;
using RpaWorkbench.Tests.Infrastructure;
using RpaWorkbench.Tests.Storage;
using RpaWorkbench.Web.Features.ResourceProxy;
using static RpaWorkbench.Tests.ResourceProxy.ProxyAssertions;

namespace RpaWorkbench.Tests.ResourceProxy;

/// <summary>
/// A robot that puts its run files into the Workbench's own store links them as absolute URLs under
/// <c>Workbench:PublicBaseUrl</c> (webhook URLs are absolute): the proxy reads such a link from the store without any
/// look-up or connection, although the Workbench's host is not on the allow-list; a storage host redirecting there is refused.
/// </summary>
public sealed class ResourceProxyOwnLinkTests : IAsyncLifetime
{
    private const string Key = "runs/field/robot-7/screenshot.png";
    private const string OwnLink = "https://rpa.corp.example/workbench/api/v1/resources/objects/runs/field/robot-7/screenshot.png";

    private readonly ResourceProxyAppFactory _app = ResourceProxyAppFactory.Create(new Dictionary<string, string>
    {
        ["Workbench:PublicBaseUrl"] = "https://rpa.corp.example/workbench",
    });

    private readonly byte[] _stored = StoredBytes.Random(3000);
    private LocalResourceServer _storage = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _storage = await LocalResourceServer.StartAsync();
        await _app.Services.GetRequiredService<IObjectStore>().PutBytesAsync(Key, _stored, "image/png", Ct);
    }

    [Fact]
    public async Task Get_AbsoluteLinkUnderThePublicBaseUrl_TheStoredBytesWithoutAnyLookUpOrConnection()
    {
        var client = await _app.SignedInAsync();

        var response = await client.GetAsync(ResourceProxyEndpoints.PathFor(OwnLink), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(_stored, await response.Content.ReadAsByteArrayAsync(Ct));
        Assert.Empty(_app.Network.Resolved);
        Assert.Empty(_app.Network.Connected);
    }

    [Fact]
    public async Task Get_StorageRedirectsToTheWorkbenchsOwnRunFile_403WithoutTheFile()
    {
        _storage.Answer("/shots/moved.png", context =>
        {
            context.Response.Redirect(OwnLink);
            return Task.CompletedTask;
        });
        var client = await _app.SignedInAsync();

        var response = await client.GetAsync(ResourceProxyEndpoints.PathFor(_storage.Url(ResourceProxyAppFactory.StorageHost, "/shots/moved.png")), Ct);

        var message = await UrlProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Contains("redirected", message, StringComparison.Ordinal);
        Assert.Single(_storage.Requests);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _storage.DisposeAsync();
    }
}
