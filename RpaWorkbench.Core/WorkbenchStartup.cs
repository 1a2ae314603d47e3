using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Demo;
using RpaWorkbench.Core.Security;

namespace RpaWorkbench.Core;

/// <summary>
/// Runs before the server accepts requests: migrate the database, accept the configured bootstrap API key, then seed
/// demo data when asked.
/// </summary>
internal sealed class WorkbenchStartup(
    DatabaseInitializer database,
    DemoSeeder demo,
    IServiceScopeFactory scopes,
    IOptions<DemoOptions> demoOptions,
    IOptions<BootstrapOptions> bootstrap) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await database.InitializeAsync(cancellationToken);
        if (bootstrap.Value.WebhookApiKey is { Length: > 0 } key)
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<ApiKeyService>().EnsureBootstrapKeyAsync(key, cancellationToken);
        }

        if (demoOptions.Value.Demo)
        {
            await demo.SeedAsync(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
