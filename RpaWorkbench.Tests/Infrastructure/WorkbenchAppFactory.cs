using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Core.Audit;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Core.Users;

namespace RpaWorkbench.Tests.Infrastructure;

/// <summary>
/// The whole Workbench host on its own temporary SQLite file (or its own PostgreSQL database), served by the in-memory test server. It starts with the
/// admin <see cref="AdminUser"/> (bootstrap configuration) and a sign-in rate limit high enough for many tests.
/// </summary>
public class WorkbenchAppFactory : WebApplicationFactory<Program>
{
    public const string AdminUser = "admin";
    public const string AdminPassword = "test-admin-password-1";

    private static readonly Dictionary<string, string> Defaults = new()
    {
        ["Workbench:Bootstrap:AdminUser"] = AdminUser,
        ["Workbench:Bootstrap:AdminPassword"] = AdminPassword,
        ["Workbench:SignIn:MaxAttempts"] = "10000",
        ["Workbench:SignIn:Throttle:FreeFailuresPerAddress"] = "10000",

        // appsettings.Development.json turns the simulated robot on; tests that want it say so.
        ["Workbench:Robots:Mode"] = "Direct",

        // The demo robots have LAN addresses and a 09:00 schedule; tests that want the scheduler say so.
        ["Workbench:Scheduler:Enabled"] = "false",
    };

    private readonly TempDirectory _directory;
    private readonly TestDatabase? _database;
    private readonly bool _ownsDirectory;
    private readonly string _environment;

    public WorkbenchAppFactory()
        : this(new Dictionary<string, string>())
    {
    }

    /// <param name="settings">Extra configuration (e.g. <c>Workbench:Demo</c>) applied on top of the test database and defaults.</param>
    /// <param name="environment">The host environment; Development unless a test is about production behaviour.</param>
    /// <param name="directory">A data folder another host used before (a restart); by default a fresh one, deleted with this factory.</param>
    /// <param name="provider">The database: a SQLite file in the data folder, or a PostgreSQL database of its own, dropped with this factory.</param>
    protected WorkbenchAppFactory(
        IReadOnlyDictionary<string, string> settings, string environment = "Development", TempDirectory? directory = null,
        DatabaseProvider provider = DatabaseProvider.Sqlite)
    {
        _database = TestDatabase.Create(provider);
        Settings = settings;
        _environment = environment;
        _ownsDirectory = directory is null;
        _directory = directory ?? new TempDirectory();
    }

    private IReadOnlyDictionary<string, string> Settings { get; }

    /// <summary>The folder that holds this host's SQLite file (<c>workbench.db</c>).</summary>
    public string DataDirectory => _directory.Path;

    /// <summary>A factory with extra configuration, for tests of one setting.</summary>
    public static WorkbenchAppFactory With(IReadOnlyDictionary<string, string> settings, string environment = "Development") =>
        new Configured(settings, environment, null);

    /// <summary>A host on a data folder the test owns, e.g. to restart on the same database and keys.</summary>
    public static WorkbenchAppFactory On(TempDirectory directory, IReadOnlyDictionary<string, string>? settings = null) =>
        new Configured(settings ?? new Dictionary<string, string>(), "Development", directory);

    /// <summary>A factory whose database has no user yet (no bootstrap admin), for the set-up page.</summary>
    public static WorkbenchAppFactory WithoutUsers() => With(new Dictionary<string, string>
    {
        ["Workbench:Bootstrap:AdminUser"] = "",
        ["Workbench:Bootstrap:AdminPassword"] = "",
    });

    /// <summary>A client that keeps cookies and does not follow redirects.</summary>
    public HttpClient Browser() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>A client signed in through the real sign-in form (the bootstrap admin unless named otherwise).</summary>
    public async Task<HttpClient> SignedInAsync(string userName = AdminUser, string password = AdminPassword)
    {
        var client = Browser();
        var response = await SignInForm.SignInAsync(client, userName, password);
        if (response.Headers.Location is null)
        {
            throw new InvalidOperationException($"Signing in as {userName} failed: {(int)response.StatusCode}.");
        }

        return client;
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _keys = new();

    /// <summary>The secret of a key of <paramref name="scope"/> owned by the bootstrap admin, made once per scope and host.</summary>
    public async Task<string> KeySecretAsync(string scope)
    {
        if (!_keys.TryGetValue(scope, out var secret))
        {
            await using var services = Services.CreateAsyncScope();
            var created = await AsAdmin<ApiKeyService>(services).CreateAsync(new NewApiKey($"{scope} key", scope, Owner: AdminUser), CancellationToken.None);
            secret = _keys.GetOrAdd(scope, created.Secret);
        }

        return secret;
    }

    /// <summary>
    /// A Core service of this host as a signed-in admin calls it from a page (a page's circuit supplies the user; here a
    /// test user does), in <paramref name="scope"/>.
    /// </summary>
    public static T AsAdmin<T>(IServiceScope scope) where T : notnull
    {
        var admin = new TestCurrentUser();
        admin.SignIn(Roles.Admin);
        return ActivatorUtilities.CreateInstance<T>(scope.ServiceProvider, admin, new AuditTrail(admin, TimeProvider.System));
    }

    /// <summary>Adds a user with one role straight through Identity (quicker than the Users page, and not audited).</summary>
    public async Task AddUserAsync(string userName, string password, string role)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<WorkbenchUser>>();
        var user = new WorkbenchUser { UserName = userName, CreatedAt = DateTime.UtcNow };
        Check(await users.CreateAsync(user, password));
        Check(await users.AddToRoleAsync(user, role));
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        builder.UseSetting("ConnectionStrings:Workbench", _database?.ConnectionString ?? _directory.SqliteConnectionString());
        builder.UseSetting("Workbench:Database:Provider", (_database?.Provider ?? DatabaseProvider.Sqlite).ToString());
        foreach (var (key, value) in Defaults.Where(d => !Settings.ContainsKey(d.Key)).Concat(Settings))
        {
            builder.UseSetting(key, value);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _database?.Dispose();
        if (_ownsDirectory)
        {
            _directory.Dispose();
        }

        GC.SuppressFinalize(this);
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }

    private sealed class Configured(IReadOnlyDictionary<string, string> settings, string environment, TempDirectory? directory)
        : WorkbenchAppFactory(settings, environment, directory);
}
