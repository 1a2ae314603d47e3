using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Tests.Infrastructure;
using RpaWorkbench.Web.Features.ApiKeys;
using RpaWorkbench.Web.Features.Security;

namespace RpaWorkbench.Tests.Security;

/// <summary>
/// Every API endpoint, found from the app's routing table (so an API added later is covered without editing this
/// test), answers 401 problem details to a caller without an API key, and never redirects. A signed-in browser's
/// cookie is not an API key: every API that takes keys only (the webhooks) refuses it too. (APIs for people and robots
/// alike, such as downloads, name the session-or-key policy; the few APIs for people only, such as the audit export,
/// name the session scheme.) The one exception is marked: a capability URL (a config file link) carries its own signed
/// credential, and without a valid one it answers 404, never the file.
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
    public async Task EveryKeyOnlyApi_SignedInCookieButNoKey_Returns401()
    {
        var signedIn = await app.SignedInAsync();
        var keyOnly = Apis(keyOnly: true);

        Assert.True(keyOnly.Count >= 3, "The routing table scan found fewer API-key-only APIs than the three webhooks.");
        foreach (var (method, path) in keyOnly)
        {
            var response = await signedIn.SendAsync(Request(method, path), Ct);
            await AssertUnauthorizedProblemAsync(response, method, path);
        }
    }

    [Fact]
    public void EveryApi_TakesKeysOnlyOrNamesTheSessionOrKeyPolicy()
    {
        var endpoints = ApiRoutes().Where(e => !IsCapabilityUrl(e));

        Assert.All(endpoints, e => Assert.Contains(e.Metadata.GetOrderedMetadata<IAuthorizeData>(), a =>
            a.AuthenticationSchemes is { Length: > 0 } || a.Policy == SecuritySetup.SessionOrApiKeyPolicy));
    }

    [Fact]
    public async Task EveryCapabilityUrl_AnonymousWithAMadeUpCredential_Returns404Problem()
    {
        var capabilities = ApiRoutes().Where(IsCapabilityUrl).ToList();

        Assert.NotEmpty(capabilities);
        foreach (var endpoint in capabilities)
        {
            var path = "/" + System.Text.RegularExpressions.Regex.Replace(endpoint.RoutePattern.RawText!.TrimStart('/'), @"\{[^}]+\}", "bm90LWEtdG9rZW4");
            var response = await app.Browser().GetAsync(path, Ct);

            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path}: {(int)response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task UnknownApiPath_Anonymous_Returns401ProblemNotRedirect()
    {
        var response = await app.Browser().GetAsync("/api/v1/nothing-here", Ct);

        await AssertUnauthorizedProblemAsync(response, "GET", "/api/v1/nothing-here");
    }

    // Key-only: authorised by the API-key scheme alone (anything else names the session-or-key policy, tested above).
    private List<(string Method, string Path)> Apis(bool keyOnly = false) =>
        ApiRoutes().Where(e => !IsCapabilityUrl(e))
            .Where(e => !keyOnly || e.Metadata.GetOrderedMetadata<IAuthorizeData>()
                .Any(a => a.AuthenticationSchemes == ApiKeyAuthenticationHandler.SchemeName))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(method => (method, "/" + e.RoutePattern.RawText!.TrimStart('/'))))
            .ToList();

    private IEnumerable<RouteEndpoint> ApiRoutes() =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => (e.RoutePattern.RawText ?? "").TrimStart('/').StartsWith("api/", StringComparison.Ordinal));

    private static bool IsCapabilityUrl(RouteEndpoint endpoint) => endpoint.Metadata.GetMetadata<CapabilityUrlAttribute>() is not null;

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
