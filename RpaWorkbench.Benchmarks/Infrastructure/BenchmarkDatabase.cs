using Microsoft.Extensions.Hosting;
using Npgsql;
using RpaWorkbench.Core;

namespace RpaWorkbench.Benchmarks.Infrastructure;

/// <summary>
/// A temporary SQLite file behind the Core, wired exactly as the app wires it (<c>AddWorkbenchCore</c>: connection
/// pragmas, WAL) and brought up to date with the real migrations. Disposing it deletes the file. Or, from
/// <see cref="CreatePostgreSqlAsync"/>, an empty PostgreSQL database wired and migrated the same way (PostgreSQL set);
/// the temporary folder then holds only the servers' logs.
/// </summary>
public sealed class BenchmarkDatabase : IAsyncDisposable
{
    private const string DatabaseFile = "workbench.db";

    private readonly IHost _host;
    private readonly DirectoryInfo _folder;

    private BenchmarkDatabase(IHost host, DirectoryInfo folder, DatabaseProvider provider)
    {
        _host = host;
        _folder = folder;
        Provider = provider;
    }

    public DatabaseProvider Provider { get; }

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

    public static Task<BenchmarkDatabase> CreateAsync(CancellationToken cancellationToken) =>
        CreateAsync(DatabaseProvider.Sqlite, $"Data Source={DatabaseFile}", cancellationToken);

    /// <param name="connectionString">An empty database's Npgsql connection string.</param>
    public static Task<BenchmarkDatabase> CreatePostgreSqlAsync(string connectionString, CancellationToken cancellationToken) =>
        CreateAsync(DatabaseProvider.PostgreSQL, connectionString, cancellationToken);

    /// <summary>One value from the database, read on a connection of its own.</summary>
    public async Task<T> ScalarAsync<T>(string sql, CancellationToken cancellationToken)
    {
        await using var db = await Contexts.CreateDbContextAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // constant SQL from this project
        command.CommandText = sql;
#pragma warning restore CA2100
        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task<BenchmarkDatabase> CreateAsync(DatabaseProvider provider, string connectionString, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("rpa-workbench-bench-");
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = folder.FullName });
        builder.Configuration[$"{DatabaseOptions.SectionName}:{nameof(DatabaseOptions.Provider)}"] = provider.ToString();
        builder.Configuration[$"ConnectionStrings:{DatabaseOptions.ConnectionStringName}"] = connectionString;
        builder.AddWorkbenchCore();

        var database = new BenchmarkDatabase(builder.Build(), folder, provider);
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

        // Pooled connections keep the file (and its -wal/-shm companions) open, or the database in use.
        if (Provider == DatabaseProvider.PostgreSQL)
        {
            NpgsqlConnection.ClearAllPools();
        }
        else
        {
            SqliteConnection.ClearAllPools();
        }

        _folder.Delete(recursive: true);
    }
}
