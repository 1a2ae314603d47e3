using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.Data;

namespace RpaWorkbench.Tests.Infrastructure;

/// <summary>The Workbench with a bootstrap webhook key, plus helpers to call the webhooks and read the database.</summary>
public sealed class WebhookAppFactory()
    : WorkbenchAppFactory(new Dictionary<string, string> { ["Workbench:Bootstrap:WebhookApiKey"] = Key })
{
    public const string Key = "test-webhook-key-0123456789-abcdefghijklmnop";

    /// <summary>A client that sends the key as <c>X-Api-Key</c>.</summary>
    public HttpClient Robot()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", Key);
        return client;
    }

    public Task<HttpResponseMessage> PostAsync(string path, object body, CancellationToken cancellationToken) =>
        Robot().PostAsJsonAsync($"/api/v1/webhook/{path}", body, cancellationToken);

    public async Task<T> QueryAsync<T>(Func<WorkbenchDbContext, Task<T>> query)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<WorkbenchDbContext>>().CreateDbContextAsync();
        return await query(db);
    }
}
