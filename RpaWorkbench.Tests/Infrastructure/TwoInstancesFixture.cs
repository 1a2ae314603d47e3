using Microsoft.Playwright;
using RpaWorkbench.Core.Data;

namespace RpaWorkbench.Tests.Infrastructure;

/// <summary>
/// Two Workbench instances, <see cref="A"/> and <see cref="B"/>, on two Kestrel ports of 127.0.0.1, as behind a load
/// balancer: one shared PostgreSQL database (on the tests' throw-away server), one loopback <see cref="RedisServer"/> for live
/// events and the Data Protection keys, both schedulers on, one <see cref="RecordingRobotAgent"/> as the robots, and
/// headless Chromium. Each instance has its own key folder, so only the keys in Redis can make A's cookie good on B.
/// </summary>
public sealed class TwoInstancesFixture : IAsyncLifetime
{
    private readonly TestDatabase _database = TestDatabase.Create(DatabaseProvider.PostgreSQL)!;
    private readonly TempDirectory _keysOfA = new();
    private readonly TempDirectory _keysOfB = new();
    private IPlaywright? _playwright;

    public KestrelWorkbenchFactory A { get; private set; } = default!;

    public KestrelWorkbenchFactory B { get; private set; } = default!;

    public RedisServer Redis { get; private set; } = default!;

    public RecordingRobotAgent Robot { get; private set; } = default!;

    public IBrowser Browser { get; private set; } = default!;

    /// <summary><c>Workbench:Redis:Prefix</c> of both instances.</summary>
    public string RedisPrefix { get; } = "two-instances-" + Guid.NewGuid().ToString("N");

    /// <summary>The key folders the instances would use without Redis (one each, never shared).</summary>
    public IReadOnlyList<string> KeyFolders => [_keysOfA.Path, _keysOfB.Path];

    public async ValueTask InitializeAsync()
    {
        Redis = await RedisServer.StartAsync();
        Robot = await RecordingRobotAgent.StartAsync();

        // A first: it creates the schema and the bootstrap admin; B then starts on a ready database, as a second node does.
        A = Instance(_keysOfA);
        _ = A.BaseUrl;
        B = Instance(_keysOfB);
        _ = B.BaseUrl;

        _playwright = await Playwright.CreateAsync();
        Browser = await BrowserFixture.LaunchChromiumAsync(_playwright);
    }

    /// <summary>The database both instances share.</summary>
    private Dictionary<string, string> SharedDatabaseSettings() => new()
    {
        ["Workbench:Database:Provider"] = nameof(DatabaseProvider.PostgreSQL),
        ["ConnectionStrings:Workbench"] = _database.ConnectionString,
    };

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        foreach (var instance in new[] { B, A }.Where(i => i is not null))
        {
            await instance.DisposeAsync();
        }

        if (Robot is not null)
        {
            await Robot.DisposeAsync();
        }

        if (Redis is not null)
        {
            await Redis.DisposeAsync();
        }

        _database.Dispose();
        _keysOfA.Dispose();
        _keysOfB.Dispose();

        GC.SuppressFinalize(this);
    }

    private KestrelWorkbenchFactory Instance(TempDirectory keys)
    {
        var settings = new Dictionary<string, string>(SharedDatabaseSettings())
        {
            ["ConnectionStrings:Redis"] = Redis.ConnectionString,
            ["Workbench:Redis:Prefix"] = RedisPrefix,
            ["Workbench:DataProtection:KeysDirectory"] = keys.Path,
            ["Workbench:Scheduler:Enabled"] = "true",
            ["Workbench:Scheduler:PollInterval"] = "00:00:00.500",
            ["Workbench:Robots:MaxRetries"] = "0",
        };
        return new KestrelWorkbenchFactory(settings);
    }
}

[CollectionDefinition(Name)]
public sealed class TwoInstancesCollection : ICollectionFixture<TwoInstancesFixture>
{
    public const string Name = "TwoInstances";
}
