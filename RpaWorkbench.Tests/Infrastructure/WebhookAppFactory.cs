using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Core.Data;

namespace RpaWorkbench.Tests.Infrastructure;

/// <summary>The Workbench (on SQLite) with a bootstrap webhook key, plus helpers to call the webhooks and read the database.</summary>
public class WebhookAppFactory : WorkbenchAppFactory
{
    public const string Key = "test-webhook-key-0123456789-abcdefghijklmnop";


    public WebhookAppFactory()
        : this(DatabaseProvider.Sqlite)
    {
    }

    private protected WebhookAppFactory(DatabaseProvider provider)
        : base(new Dictionary<string, string> { ["Workbench:Bootstrap:WebhookApiKey"] = Key }, provider: provider)
    {
    }

    /// <summary>The same host on either database.</summary>
    public static WebhookAppFactory On(DatabaseProvider provider) =>
        provider == DatabaseProvider.PostgreSQL ? new PostgreSqlWebhookAppFactory() : new WebhookAppFactory();

    /// <summary>A client that sends the key as <c>X-Api-Key</c>.</summary>
    public HttpClient Robot()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", Key);
        return client;
    }

    /// <summary>A client with a key of <paramref name="scope"/> owned by the bootstrap admin (one key per scope and host).</summary>
    public async Task<HttpClient> KeyClientAsync(string scope)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", await KeySecretAsync(scope));
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

/// <summary>The <see cref="WebhookAppFactory"/> on a PostgreSQL database of its own (a class fixture needs a type).</summary>
public sealed class PostgreSqlWebhookAppFactory() : WebhookAppFactory(DatabaseProvider.PostgreSQL);
