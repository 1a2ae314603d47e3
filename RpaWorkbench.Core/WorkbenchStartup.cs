using Microsoft.Extensions.Hosting;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Core.Demo;
using RpaWorkbench.Core.Users;

namespace RpaWorkbench.Core;

/// <summary>
/// Runs before the server accepts requests: migrate the database, accept the configured bootstrap API key and admin,
/// then seed demo data (and a demo admin) when asked.
/// </summary>
internal sealed class WorkbenchStartup(
    DatabaseInitializer database,
    DemoSeeder demo,
    IServiceScopeFactory scopes,
    IOptions<DemoOptions> demoOptions,
    IOptions<BootstrapOptions> bootstrap,
    ILogger<WorkbenchStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await database.InitializeAsync(cancellationToken);
        await using var scope = scopes.CreateAsyncScope();
        if (bootstrap.Value.WebhookApiKey is { Length: > 0 } key)
        {
            await scope.ServiceProvider.GetRequiredService<ApiKeyService>().EnsureBootstrapKeyAsync(key, cancellationToken);
        }

        if (bootstrap.Value.HasAdmin
            && await scope.ServiceProvider.GetRequiredService<UserService>()
                .EnsureBootstrapAdminAsync(bootstrap.Value.AdminUser!, bootstrap.Value.AdminPassword!, cancellationToken))
        {
            logger.LogInformation("Admin {UserName} created from {Section}", bootstrap.Value.AdminUser, BootstrapOptions.SectionName);
        }

        if (demoOptions.Value.Demo)
        {
            await demo.SeedAsync(cancellationToken);
            if (await demo.SeedAdminAsync(scope.ServiceProvider.GetRequiredService<UserService>(), cancellationToken) is { } admin)
            {
                // Standard output, once, on purpose: the operator needs it to sign in, and log pipelines must never carry it.
                await Console.Out.WriteLineAsync($"Demo sign-in: user '{admin.UserName}', password '{admin.Password}' (shown only now).");
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
