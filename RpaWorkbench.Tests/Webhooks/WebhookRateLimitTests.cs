using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Webhooks;

/// <summary>Each API key has its own budget of calls: past it, 429 with Retry-After and nothing stored; other keys go on.</summary>
public sealed class WebhookRateLimitTests : IAsyncLifetime
{
    private const int Burst = 3;

    // Refilled by one call a second: the burst's calls, sent at once, all land well inside that second.
    private readonly WorkbenchAppFactory _app = WorkbenchAppFactory.With(new Dictionary<string, string>
    {
        ["Workbench:Bootstrap:WebhookApiKey"] = WebhookAppFactory.Key,
        ["Workbench:Webhooks:RateLimit:PermitsPerSecond"] = "1",
        ["Workbench:Webhooks:RateLimit:Burst"] = Burst.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _app.CreateClient();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task OneKeyOverItsBurst_ExtraCallGets429AndStoresNothing_AnotherKeyIsUnaffected()
    {
        var account = WebhookPayloads.NewAccount();
        var otherKey = await CreateKeyAsync();
        // Warm the path (and remember the key) first, so the burst's calls reach the limiter within milliseconds.
        Assert.Equal(HttpStatusCode.OK, (await Post(otherKey, WebhookPayloads.SeedCompletion(WebhookPayloads.NewAccount()))).StatusCode);
        await _app.Services.GetRequiredService<ApiKeyAuthenticator>().AuthenticateAsync(WebhookAppFactory.Key, Ct);
        var calls = Enumerable.Range(0, Burst + 1).Select(run => Post(WebhookAppFactory.Key,
            WebhookPayloads.SeedCompletion(account).With("execution_id", $"limited-{run}")));

        var responses = await Task.WhenAll(calls);

        Assert.Equal(Burst, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        var refused = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(429, (await refused.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("status").GetInt32());
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {refused.Headers.RetryAfter}");
        Assert.Equal(Burst, await CountLogsAsync(account));

        var other = await Post(otherKey, WebhookPayloads.SeedCompletion(account).With("execution_id", "other-key"));
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    private Task<HttpResponseMessage> Post(string key, object payload)
    {
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client.PostAsJsonAsync("/api/v1/webhook/execution-complete", payload, Ct);
    }

    private async Task<string> CreateKeyAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        // A second key without an admin session: the start-up path for configured keys.
        var secret = ApiKeySecret.Generate();
        await scope.ServiceProvider.GetRequiredService<ApiKeyService>().EnsureBootstrapKeyAsync(secret, Ct);
        return secret;
    }

    private async Task<int> CountLogsAsync(string account)
    {
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<WorkbenchDbContext>>().CreateDbContextAsync(Ct);
        return await db.ExecutionLogs.CountAsync(l => l.ShadowBotAccount == account, Ct);
    }
}
