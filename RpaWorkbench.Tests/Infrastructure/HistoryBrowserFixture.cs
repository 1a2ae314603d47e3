using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.Executions;

namespace RpaWorkbench.Tests.Infrastructure;

/// <summary>
/// A browser on the demo Workbench with months of execution history (generated logs, failed runs among them), for tests
/// that walk pages full of data: pagers with pages, a dashboard with a trend, long error messages in the logs table.
/// </summary>
public sealed class HistoryBrowserFixture : BrowserFixture, IAsyncLifetime
{
    public new async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await App.Services.GetRequiredService<LogSeeder>().SeedAsync(3_000, seed: 19, progress: null, CancellationToken.None);
    }
}

[CollectionDefinition(Name)]
public sealed class HistoryBrowserCollection : ICollectionFixture<HistoryBrowserFixture>
{
    public const string Name = "HistoryBrowser";
}
