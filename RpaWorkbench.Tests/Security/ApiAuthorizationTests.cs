using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Security;

/// <summary>
/// Every API endpoint, found from the app's routing table (so an API added later is covered without editing this
/// test), answers 401 problem details to a caller without an API key, and never redirects. A signed-in browser's
/// cookie is not an API key: webhooks refuse it too.
/// </summary>
public sealed class ApiAuthorizationTests(WorkbenchAppFactory app) : IClassFixture<WorkbenchAppFactory>
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EveryApi_WithoutKey_Returns401ProblemDetails()
    {
        var apis = Apis();

        Assert.True(apis.Count >= 3, "The routing table scan found fewer APIs than the three webhooks.");
        foreach (var (method, path) in apis)
        {
            var response = await app.Browser().SendAsync(Request(method, path), Ct);
            await AssertUnauthorizedProblemAsync(response, method, path);
        }
    }

    [Fact]
    public async Task EveryApi_SignedInCookieButNoKey_Returns401()
    {
        var signedIn = await app.SignedInAsync();

        foreach (var (method, path) in Apis())
        {
            var response = await signedIn.SendAsync(Request(method, path), Ct);
            await AssertUnauthorizedProblemAsync(response, method, path);
        }
    }

    [Fact]
    public async Task UnknownApiPath_Anonymous_Returns401ProblemNotRedirect()
    {
        var response = await app.Browser().GetAsync("/api/v1/nothing-here", Ct);

        await AssertUnauthorizedProblemAsync(response, "GET", "/api/v1/nothing-here");
    }

    private List<(string Method, string Path)> Apis() => [.. ApiEndpoints.Of(app.Services).Select(api => (api.Method, api.Path))];

    private static HttpRequestMessage Request(string method, string path) =>
        new(new HttpMethod(method), path) { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };

    private async Task AssertUnauthorizedProblemAsync(HttpResponseMessage response, string method, string path)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path}: {(int)response.StatusCode}, expected 401");
        Assert.Null(response.Headers.Location);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(401, problem.GetProperty("status").GetInt32());
    }
}
