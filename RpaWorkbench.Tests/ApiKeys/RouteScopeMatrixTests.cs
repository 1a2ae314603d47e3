using Microsoft.AspNetCore.Authorization;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Tests.Infrastructure;
using RpaWorkbench.Web.Features.ApiDocs;

namespace RpaWorkbench.Tests.ApiKeys;

/// <summary>
/// The role matrix over every <c>/api</c> route, found in the routing table: each declares the least scope it needs
/// (<see cref="NeedsScopeAttribute"/>) and has a sample request here; a key of each scope (owned by an admin) calls each
/// route, and scopes below the declared one get 403 while the others get past authorization (anything but 401/403).
/// A route added later fails here until it declares its scope and gets a sample.
/// </summary>
public sealed class RouteScopeMatrixTests(WebhookAppFactory app) : IClassFixture<WebhookAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly ApiRouteSamples _samples = new(app);

    [Fact]
    public void EveryApiRoute_DeclaresItsScopeAndHasASample()
    {
        var routes = Routes();
        Assert.NotEmpty(routes);

        var undeclared = routes.Where(r => r.Needs is null).Select(r => r.Name).ToList();
        var unsampled = routes.Where(r => !ApiRouteSamples.Has(r.Name)).Select(r => r.Name).ToList();

        Assert.True(undeclared.Count == 0, "Routes without .Needs(scope): " + string.Join(", ", undeclared));
        Assert.True(unsampled.Count == 0, "Routes without a sample request in this test: " + string.Join(", ", unsampled));
    }

    [Theory]
    [InlineData(ApiKeyScopes.Robot)]
    [InlineData(ApiKeyScopes.Viewer)]
    [InlineData(ApiKeyScopes.Operator)]
    [InlineData(ApiKeyScopes.Admin)]
    public async Task EveryApiRoute_KeyOfScope_RefusedExactlyBelowTheDeclaredScope(string scope)
    {
        var client = await app.KeyClientAsync(scope);
        var wrong = new List<string>();

        foreach (var route in Routes().Where(r => r.Needs is not null && ApiRouteSamples.Has(r.Name)))
        {
            using var request = await _samples.RequestAsync(route.Name);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Ct);
            var status = (int)response.StatusCode;
            var allowed = Allows(route.Needs!, scope);
            if (allowed ? status is 401 or 403 || status >= 500 : status != 403)
            {
                wrong.Add($"{route.Name} ({request.Method} {request.RequestUri}): {status}, expected {(allowed ? "past authorization" : "403")}");
            }
        }

        Assert.True(wrong.Count == 0, $"A {scope} key:\n" + string.Join("\n", wrong));
    }

    // Viewer < operator < admin; robot keys open robot routes and the routes that say robots may call them too.
    private static bool Allows(NeedsScopeAttribute needs, string scope)
    {
        string[] ranked = [ApiKeyScopes.Viewer, ApiKeyScopes.Operator, ApiKeyScopes.Admin];
        if (scope == ApiKeyScopes.Robot || needs.Scope == ApiKeyScopes.Robot)
        {
            return scope == ApiKeyScopes.Robot && (needs.Scope == ApiKeyScopes.Robot || needs.RobotsToo);
        }

        return Array.IndexOf(ranked, scope) >= Array.IndexOf(ranked, needs.Scope);
    }

    private List<(string Name, NeedsScopeAttribute? Needs)> Routes() =>
        ApiEndpoints.Of(app.Services)
            .Where(r => r.Endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null)
            .Select(r => (ApiEndpoints.NameOf(r), r.Endpoint.Metadata.GetMetadata<NeedsScopeAttribute>()))
            .ToList();
}
