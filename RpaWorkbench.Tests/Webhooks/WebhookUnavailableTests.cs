using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.Webhooks;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Webhooks;

/// <summary>
/// When a callback cannot be stored (the database refuses the write, or the Workbench is stopping) the robot is told to
/// retry: 503 problem details with <c>Retry-After: 5</c>, and nothing of the callback is kept. Each test has a host of its
/// own, since it breaks that host's ingest.
/// </summary>
public sealed class WebhookUnavailableTests : IAsyncDisposable
{
    private readonly WebhookAppFactory _app = new();

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task ExecutionComplete_DatabaseRefusesTheWrite_503RetryAfter5NothingKept_TheRetryIsStored()
    {
        var account = WebhookPayloads.NewAccount();
        var payload = WebhookPayloads.SeedCompletion(account);
        // A real refusal from SQLite itself, as a full disk or a broken file would give.
        await _app.QueryAsync(db => db.Database.ExecuteSqlRawAsync(
            """CREATE TRIGGER "refuse_logs" BEFORE INSERT ON "ExecutionLogs" BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;""", Ct));

        var refused = await _app.PostAsync("execution-complete", payload, Ct);

        await AssertRetryLaterAsync(refused);
        Assert.Equal(0, await _app.QueryAsync(db => db.Accounts.CountAsync(a => a.ShadowBotAccount == account, Ct)));

        await _app.QueryAsync(db => db.Database.ExecuteSqlRawAsync("""DROP TRIGGER "refuse_logs";""", Ct));
        var retried = await _app.PostAsync("execution-complete", payload, Ct);

        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.False((await retried.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("duplicate").GetBoolean());
        Assert.Equal(1, await _app.QueryAsync(db => db.ExecutionLogs.CountAsync(l => l.ShadowBotAccount == account, Ct)));
    }

    [Theory]
    [InlineData("execution-complete")]
    [InlineData("confirm")]
    [InlineData("heartbeat")]
    public async Task Webhook_WhileTheWorkbenchStops_503RetryAfter5(string path)
    {
        var account = WebhookPayloads.NewAccount();
        await _app.Services.GetRequiredService<CallbackIngestQueue>().StopAsync(Ct);

        var response = await _app.PostAsync(path, WebhookPayloads.SeedCompletion(account), Ct);

        await AssertRetryLaterAsync(response);
        Assert.Equal(0, await _app.QueryAsync(db => db.Accounts.CountAsync(a => a.ShadowBotAccount == account, Ct)));
    }

    private async Task AssertRetryLaterAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("5", response.Headers.GetValues("Retry-After").Single());
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(503, (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("status").GetInt32());
    }
}
