using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace RpaWorkbench.Tests.Infrastructure;

/// <summary>The whole Workbench host on its own temporary SQLite file, served by the in-memory test server.</summary>
public class WorkbenchAppFactory : WebApplicationFactory<Program>
{
    private readonly TempDirectory _directory = new();

    public WorkbenchAppFactory()
        : this(new Dictionary<string, string>())
    {
    }

    /// <param name="settings">Extra configuration (e.g. <c>Workbench:Demo</c>) applied on top of the test database.</param>
    protected WorkbenchAppFactory(IReadOnlyDictionary<string, string> settings) => Settings = settings;

    private IReadOnlyDictionary<string, string> Settings { get; }

    /// <summary>The folder that holds this host's SQLite file (<c>workbench.db</c>).</summary>
    public string DataDirectory => _directory.Path;

    /// <summary>A factory with extra configuration, for tests of one setting.</summary>
    public static WorkbenchAppFactory With(IReadOnlyDictionary<string, string> settings) => new Configured(settings);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:Workbench", _directory.SqliteConnectionString());
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _directory.Dispose();
        GC.SuppressFinalize(this);
    }

    private sealed class Configured(IReadOnlyDictionary<string, string> settings) : WorkbenchAppFactory(settings);
}
