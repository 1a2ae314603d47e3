using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Security;

namespace RpaWorkbench.Tests.Infrastructure;

/// <summary>
/// The Core as the app registers it, on a real migrated database — a SQLite file, or a throw-away PostgreSQL database
/// (<see cref="PostgresServerFixture"/>) — with a fake clock. Use one per test.
/// </summary>
public sealed class CoreTestHost : IAsyncDisposable
{
    // Null for a host on another host's database: the other host deletes it.
    private readonly TempDirectory? _directory;
    private readonly TestDatabase? _database;
    private readonly IDictionary<string, string?>? _settings;
    private readonly Action<IServiceCollection>? _addServices;
    private readonly ServiceProvider _provider;
    private readonly AsyncServiceScope _scope;

    /// <param name="settings">Extra configuration (e.g. <c>Workbench:Storage</c>) on top of the test database.</param>
    public CoreTestHost(IDictionary<string, string?>? settings = null)
        : this(DatabaseProvider.Sqlite, settings)
    {
    }

    /// <param name="provider">The database the Core runs on.</param>
    /// <param name="settings">Extra configuration (e.g. <c>Workbench:Storage</c>) on top of the test database.</param>
    public CoreTestHost(DatabaseProvider provider, IDictionary<string, string?>? settings = null)
        : this(new TempDirectory(), sharedFolder: null, TestDatabase.Create(provider), settings)
    {
    }

    /// <param name="provider">The database the Core runs on.</param>
    /// <param name="settings">Extra configuration on top of the test database.</param>
    /// <param name="addServices">Registers more services after the Core's (a test's dispatch listener).</param>
    public CoreTestHost(DatabaseProvider provider, IDictionary<string, string?>? settings, Action<IServiceCollection> addServices)
        : this(new TempDirectory(), sharedFolder: null, TestDatabase.Create(provider), settings, addServices)
    {
    }

    private CoreTestHost(TempDirectory? directory, string? sharedFolder, TestDatabase? database, IDictionary<string, string?>? settings,
        Action<IServiceCollection>? addServices = null)
    {
        _directory = directory;
        _database = database;
        _settings = settings;
        _addServices = addServices;
        DataDirectory = sharedFolder ?? directory!.Path;
        Provider = database?.Provider ?? DatabaseProvider.Sqlite;
        ConnectionString = database?.ConnectionString ?? TempDirectory.SqliteConnectionStringIn(DataDirectory);
        Configuration = BuildConfiguration(ConnectionString, Provider, settings);
        var services = new ServiceCollection();
        Register(services, Configuration, Clock, DataDirectory, User);
        addServices?.Invoke(services);
        _provider = services.BuildServiceProvider(validateScopes: true);
        _scope = _provider.CreateAsyncScope();
    }

    public TestClock Clock { get; } = new(new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero));

    /// <summary>Who the services see as signed in: an operator unless the test signs in someone else.</summary>
    public TestCurrentUser User { get; } = new();

    public IConfiguration Configuration { get; }

    public IServiceProvider Services => _scope.ServiceProvider;

    /// <summary>The folder of this host's SQLite file (unused on PostgreSQL), which is also its content root.</summary>
    public string DataDirectory { get; }

    public DatabaseProvider Provider { get; }

    public string ConnectionString { get; }

    /// <summary>
    /// Another host on this host's database file and settings, as after a restart or beside a second instance; its
    /// clock starts at this host's time, <paramref name="changed"/> settings replace this host's. This host keeps the
    /// file: dispose the other one first.
    /// </summary>
    public CoreTestHost OnTheSameDatabase(params (string Key, string Value)[] changed)
    {
        var settings = new Dictionary<string, string?>(_settings ?? new Dictionary<string, string?>());
        foreach (var (key, value) in changed)
        {
            settings[key] = value;
        }

        var other = new CoreTestHost(directory: null, DataDirectory, _database?.Shared(), settings, _addServices);
        other.Clock.SetUtcNow(Clock.GetUtcNow());
        return other;
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Registers logging, the fake clock, the test's current user and the Core into any container (also bUnit's).</summary>
    public static void Register(IServiceCollection services, IConfiguration configuration, TimeProvider clock, string contentRoot, TestCurrentUser user)
    {
        services.AddLogging();
        services.AddSingleton(configuration);
        services.AddSingleton(clock);
        services.AddSingleton<ICurrentUser>(user);
        // Keys in memory: a Core on its own would otherwise keep them in the user's profile.
        services.AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider());
        services.AddWorkbenchCore(configuration, contentRoot);
    }

    public static IConfiguration BuildConfiguration(string connectionString, IDictionary<string, string?>? extra = null) =>
        BuildConfiguration(connectionString, DatabaseProvider.Sqlite, extra);

    public static IConfiguration BuildConfiguration(string connectionString, DatabaseProvider provider, IDictionary<string, string?>? extra = null) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Workbench"] = connectionString,
                ["Workbench:Database:Provider"] = provider.ToString(),
            })
            .AddInMemoryCollection(extra ?? new Dictionary<string, string?>())
            .Build();

    /// <summary>Applies the migrations, as start-up does.</summary>
    public async Task<CoreTestHost> MigrateAsync()
    {
        await Get<DatabaseInitializer>().InitializeAsync(CancellationToken.None);
        return this;
    }

    /// <summary>Reads through a fresh context: what the next request would see.</summary>
    public async Task<T> ReadAsync<T>(Func<WorkbenchDbContext, Task<T>> read)
    {
        await using var db = await CreateDbContextAsync();
        return await read(db);
    }

    public async Task<WorkbenchDbContext> CreateDbContextAsync() =>
        await Get<Microsoft.EntityFrameworkCore.IDbContextFactory<WorkbenchDbContext>>().CreateDbContextAsync();

    public async ValueTask DisposeAsync()
    {
        await _scope.DisposeAsync();
        await _provider.DisposeAsync();
        _database?.Dispose();
        _directory?.Dispose();
    }
}
