using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.ApiDocs;

/// <summary>
/// The REST routes' per-caller budget (<c>Workbench:Api:RateLimit</c>): a caller past its burst gets 429 problem
/// details with Retry-After and nothing done; another key goes on. As in the webhooks' test, the bucket refills on the
/// machine's clock, so what went through is bounded by the refills the calls' time allows.
/// </summary>
public sealed class RestRateLimitTests : IAsyncLifetime
{
    private const int Burst = 3;
    private const int PermitsPerSecond = 1;
    private const int MaxCalls = 100;

    private readonly WorkbenchAppFactory _app = WorkbenchAppFactory.With(new Dictionary<string, string>
    {
        ["Workbench:Api:RateLimit:PermitsPerSecond"] = "1",
        ["Workbench:Api:RateLimit:Burst"] = "3",
    });

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task OneKeyOverItsBurst_Gets429WithRetryAfterAndCreatesNothing_AnotherKeyGoesOn()
    {
        var limited = Client(await _app.KeySecretAsync(ApiKeyScopes.Operator));
        var other = Client(await _app.KeySecretAsync(ApiKeyScopes.Viewer));

        var (created, refused, watch) = (0, (HttpResponseMessage?)null, Stopwatch.StartNew());
        for (var call = 0; refused is null && call < MaxCalls; call++)
        {
            var response = await limited.PostAsJsonAsync("/api/v1/accounts",
                new { shadow_bot_account = $"limited-{call}", host_ip = "10.7.7.7", port = 8080 }, Ct);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused = response;
                continue;
            }

            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            created++;
        }

        var refills = (int)watch.Elapsed.TotalSeconds + 1;
        Assert.True(refused is not null, $"{MaxCalls} calls and none refused");
        Assert.InRange(created, Burst, Burst + (refills * PermitsPerSecond));
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(429, (await refused.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("status").GetInt32());
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {refused.Headers.RetryAfter}");
        var accounts = await (await other.GetAsync("/api/v1/accounts?search=limited-&page_size=500", Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(created, accounts.GetProperty("total").GetInt32());
    }

    private HttpClient Client(string key)
    {
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }
}
