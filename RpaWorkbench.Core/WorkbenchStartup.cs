using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Demo;

namespace RpaWorkbench.Core;

/// <summary>Runs before the server accepts requests: migrate the database, then seed demo data when asked.</summary>
internal sealed class WorkbenchStartup(DatabaseInitializer database, DemoSeeder demo, IOptions<DemoOptions> demoOptions) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await database.InitializeAsync(cancellationToken);
        if (demoOptions.Value.Demo)
        {
            await demo.SeedAsync(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
