using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Core.Storage;
using RpaWorkbench.Tests.Infrastructure;
using RpaWorkbench.Web.Features.Storage;

namespace RpaWorkbench.Tests.Storage;

/// <summary><c>GET /api/v1/resources/objects/{key}</c> on the whole app (local store, bootstrap admin and API key).</summary>
public sealed class ObjectDownloadEndpointTests(WebhookAppFactory app) : IClassFixture<WebhookAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IObjectStore Store => app.Services.GetRequiredService<IObjectStore>();

    [Fact]
    public async Task Get_SignedIn_StreamsTheBytesAsAnAttachment()
    {
        var bytes = StoredBytes.EveryByteValue();
        var key = await StoreAsync(bytes, "application/json", ".json");

        var response = await (await app.SignedInAsync()).GetAsync(ObjectDownloadEndpoint.PathFor(key), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(bytes, await response.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(bytes.Length, response.Content.Headers.ContentLength);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal(ObjectKeys.FileName(key), response.Content.Headers.ContentDisposition?.FileName);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task Get_Viewer_RunFilesYes_ConfigFiles403()
    {
        await app.AddUserAsync("viewer-downloads", "viewer-password-1", Roles.Viewer);
        var configKey = await StoreAsync([1, 2], "text/csv", ".csv");
        var runKey = $"runs/{Guid.NewGuid():N}/screen.png";
        await Store.PutAsync(runKey, [137, 80, 78, 71], "image/png", Ct);
        var viewer = await app.SignedInAsync("viewer-downloads", "viewer-password-1");

        var config = await viewer.GetAsync(ObjectDownloadEndpoint.PathFor(configKey), Ct);
        var run = await viewer.GetAsync(ObjectDownloadEndpoint.PathFor(runKey), Ct);

        var problem = await AssertProblemAsync(config, HttpStatusCode.Forbidden);
        Assert.DoesNotContain(configKey, problem.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, run.StatusCode);
        Assert.Equal([137, 80, 78, 71], await run.Content.ReadAsByteArrayAsync(Ct));
    }

    [Fact]
    public async Task Get_RobotWithApiKey_StreamsTheBytes()
    {
        var bytes = StoredBytes.Random(70_000);
        var key = await StoreAsync(bytes, "application/zip", ".zip");

        var response = await app.Robot().GetAsync(ObjectDownloadEndpoint.PathFor(key), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(bytes, await response.Content.ReadAsByteArrayAsync(Ct));
    }

    [Fact]
    public async Task Get_Anonymous_401Problem()
    {
        var key = await StoreAsync([1], "text/plain", ".txt");

        var response = await app.Browser().GetAsync(ObjectDownloadEndpoint.PathFor(key), Ct);

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Get_WrongApiKey_401ProblemEvenWithASession()
    {
        var key = await StoreAsync([1], "text/plain", ".txt");
        var client = await app.SignedInAsync();
        client.DefaultRequestHeaders.Add("X-Api-Key", "wbk_not-a-key-anyone-was-given-0123456789");

        var response = await client.GetAsync(ObjectDownloadEndpoint.PathFor(key), Ct);

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Get_NothingStored_404Problem()
    {
        var response = await (await app.SignedInAsync()).GetAsync(ObjectDownloadEndpoint.PathFor($"config/1/{Guid.NewGuid():N}.json"), Ct);

        await AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("Config/1/A.json")]
    [InlineData("config/1/a%5C..%5Csecret.json")]
    [InlineData("config/1/noextension")]
    [InlineData("config/1/.hidden.json")]
    [InlineData("config/1/a%20b.json")]
    [InlineData("config/1/%E9%85%8D%E7%BD%AE.json")]
    [InlineData("config%2F..%2F..%2Fsecret.json")]
    [InlineData("config/1/a.json~meta")]
    public async Task Get_InvalidKey_400ProblemNamingTheKey(string key)
    {
        var response = await (await app.SignedInAsync()).GetAsync(ObjectDownloadEndpoint.PathPrefix + key, Ct);

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("key", out _));
    }

    [Theory]
    [InlineData("text/html")]
    [InlineData("image/svg+xml")]
    [InlineData("application/javascript")]
    [InlineData("application/xml")]
    public async Task Get_TypeABrowserWouldRun_ServedAsBinary(string contentType)
    {
        var key = await StoreAsync("<script>alert(1)</script>"u8.ToArray(), contentType, ".txt");

        var response = await (await app.SignedInAsync()).GetAsync(ObjectDownloadEndpoint.PathFor(key), Ct);

        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
    }

    [Fact]
    public async Task Get_StorageUnreachable_503ProblemWithRetryAfter()
    {
        await using var offline = WorkbenchAppFactory.With(new Dictionary<string, string>
        {
            ["Workbench:Storage:Provider"] = "S3",
            ["Workbench:Storage:S3:ServiceUrl"] = S3rverFixture.UnreachableServiceUrl(),
            ["Workbench:Storage:S3:Bucket"] = "offline",
            ["Workbench:Storage:S3:AccessKey"] = "key-id",
            ["Workbench:Storage:S3:SecretKey"] = "offline-secret",
        });

        var response = await (await offline.SignedInAsync()).GetAsync(ObjectDownloadEndpoint.PathFor("config/1/a.json"), Ct);

        var problem = await AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.DoesNotContain("127.0.0.1", problem.ToString(), StringComparison.Ordinal);
    }

    private async Task<string> StoreAsync(byte[] bytes, string contentType, string extension)
    {
        var key = ObjectKeys.ForConfigFile(1, extension);
        await Store.PutAsync(key, bytes, contentType, Ct);
        return key;
    }

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        return problem;
    }
}
