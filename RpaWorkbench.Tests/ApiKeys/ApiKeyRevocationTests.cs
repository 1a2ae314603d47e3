using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Tests.Infrastructure;
using RpaWorkbench.Tests.Webhooks;

namespace RpaWorkbench.Tests.ApiKeys;

public abstract class ApiKeyRevocationTests(WebhookAppFactory app)
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RevokedKey_IsRefusedByTheWebhooksAtOnce()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var keys = WorkbenchAppFactory.AsAdmin<ApiKeyService>(scope);
        var created = await keys.CreateAsync(new NewApiKey("floor 3 robots"), Ct);
        using var robot = app.CreateClient();
        robot.DefaultRequestHeaders.Add("X-Api-Key", created.Secret);
        var heartbeat = new { shadow_bot_account = WebhookPayloads.NewAccount() };
        Assert.Equal(HttpStatusCode.OK, (await robot.PostAsJsonAsync("/api/v1/webhook/heartbeat", heartbeat, Ct)).StatusCode);

        await keys.RevokeAsync(created.Key.Id, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, (await robot.PostAsJsonAsync("/api/v1/webhook/heartbeat", heartbeat, Ct)).StatusCode);
    }
}

public sealed class ApiKeyRevocationTestsOnSqlite(WebhookAppFactory app) : ApiKeyRevocationTests(app), IClassFixture<WebhookAppFactory>;

public sealed class ApiKeyRevocationTestsOnPostgreSql(PostgreSqlWebhookAppFactory app) : ApiKeyRevocationTests(app), IClassFixture<PostgreSqlWebhookAppFactory>;
