using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RpaWorkbench.Core;
using RpaWorkbench.Core.Data;

namespace RpaWorkbench.Benchmarks.Infrastructure;

/// <summary>
/// A temporary SQLite file behind the Core, wired exactly as the app wires it (<c>AddWorkbenchCore</c>: connection
/// pragmas, WAL) and brought up to date with the real migrations. Disposing it deletes the file.
/// </summary>
public sealed class BenchmarkDatabase : IAsyncDisposable
{
    private const string DatabaseFile = "workbench.db";

    private readonly IHost _host;
    private readonly DirectoryInfo _folder;

    private BenchmarkDatabase(IHost host, DirectoryInfo folder)
    {
        _host = host;
        _folder = folder;
    }

    public IServiceProvider Services => _host.Services;

    /// <summary>The temporary folder holding the file, deleted with it.</summary>
    public string Folder => _folder.FullName;

    public IDbContextFactory<WorkbenchDbContext> Contexts => Services.GetRequiredService<IDbContextFactory<WorkbenchDbContext>>();

    /// <summary>The connection string the Core's DbContexts use, for bare-SQL baselines.</summary>
    public string ConnectionString
    {
        get
        {
            using var db = Contexts.CreateDbContext();
            return db.Database.GetConnectionString()!;
        }
    }

    public static async Task<BenchmarkDatabase> CreateAsync(CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("rpa-workbench-bench-");
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = folder.FullName });
        builder.Configuration[$"ConnectionStrings:{DatabaseOptions.ConnectionStringName}"] = $"Data Source={DatabaseFile}";
        builder.AddWorkbenchCore();

        var database = new BenchmarkDatabase(builder.Build(), folder);
        try
        {
            await database.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync(cancellationToken);
            return database;
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is IAsyncDisposable host)
        {
            await host.DisposeAsync();
        }
        else
        {
            _host.Dispose();
        }

        // Pooled connections keep the file (and its -wal/-shm companions) open.
        SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }
}
