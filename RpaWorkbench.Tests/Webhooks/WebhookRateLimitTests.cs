using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Webhooks;

/// <summary>
/// Each API key has its own budget of calls: a full burst goes through; past it, 429 with Retry-After and nothing stored;
/// other keys go on. The token bucket refills on the machine's own clock (System.Threading.RateLimiting takes no
/// TimeProvider), so the test does not assume its calls fit inside one refill: it calls until refused and bounds what
/// went through by the refills the time it took allows.
/// </summary>
public sealed class WebhookRateLimitTests : IAsyncLifetime
{
    private const int Burst = 3;
    private const int PermitsPerSecond = 1;

    // Far more than a bucket refilled once a second lets through while a machine answers them in memory.
    private const int MaxCalls = 100;

    private readonly WorkbenchAppFactory _app = WorkbenchAppFactory.With(new Dictionary<string, string>
    {
        ["Workbench:Bootstrap:WebhookApiKey"] = WebhookAppFactory.Key,
        ["Workbench:Webhooks:RateLimit:PermitsPerSecond"] = PermitsPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture),
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
        Assert.Equal(HttpStatusCode.OK, (await Post(otherKey, WebhookPayloads.SeedCompletion(WebhookPayloads.NewAccount()))).StatusCode);

        var accepted = 0;
        HttpResponseMessage? refused = null;
        var elapsed = Stopwatch.StartNew();
        for (var run = 0; refused is null && run < MaxCalls; run++)
        {
            var response = await Post(WebhookAppFactory.Key, WebhookPayloads.SeedCompletion(account).With("execution_id", $"limited-{run}"));
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused = response;
            }
            else
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                accepted++;
            }
        }

        elapsed.Stop();
        Assert.True(refused is not null, $"{MaxCalls} calls in {elapsed.Elapsed.TotalSeconds:F1} s and none refused.");
        // The bucket starts full; refills come at least a second apart, each adding PermitsPerSecond.
        var refills = (int)elapsed.Elapsed.TotalSeconds + 1;
        Assert.InRange(accepted, Burst, Burst + (refills * PermitsPerSecond));
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(429, (await refused.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("status").GetInt32());
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {refused.Headers.RetryAfter}");
        Assert.Equal(accepted, await CountLogsAsync(account));

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
