using System.Security.Cryptography;
using RpaWorkbench.Benchmarks.Accounts;
using RpaWorkbench.Shared;

namespace RpaWorkbench.Benchmarks.Ingest;

/// <summary>
/// <c>-- ingest</c>: the webhook ingest load test (the ingest targets in docs/benchmarks.md; not a BenchmarkDotNet benchmark). Starts the real
/// Workbench (RpaWorkbench.Web.dll, Production, its own process) on a SQLite file seeded with a fleet of 10,000
/// accounts, and the baselines server (<see cref="BaselineServer"/>) on two other files, all on 127.0.0.1. Each round
/// loads trivial, bare ceiling, bare indexed and Workbench in turn (<see cref="IngestRunner"/>), so each ratio compares
/// runs a minute or two apart. Prints the figures, ratios and targets for docs/benchmarks.md; exits 1 if a check failed.
/// With <c>--provider PostgreSQL</c> the three databases are on a throw-away PostgreSQL server of its own (loopback, fsync
/// and synchronous_commit on: each commit durable before its 200, like SQLite's synchronous=FULL), stopped at the end.
/// </summary>
public static class IngestBenchmark
{
    public const string Command = "ingest";
    public const string WebhookPath = "api/v1/webhook/execution-complete";
    public const string Trivial = "trivial";
    public const string BareCeiling = "bare ceiling";
    public const string BareIndexed = "bare, indexed";
    public const string Workbench = "Workbench";

    private static readonly Dictionary<string, string> Production = new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["DOTNET_ENVIRONMENT"] = "Production",
    };

    public static async Task<int> RunAsync(string[] args)
    {
        IngestSettings settings;
        try
        {
            settings = IngestSettings.Parse(args);
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return 2;
        }

        var cancellationToken = ConsoleCancellation.Token;

        var machine = await MachineReport.CaptureAsync(cancellationToken);
        using var httpLoad = new HttpLoad();
        var closedLoad = (IClosedLoad?)await WrkLoad.FindAsync(cancellationToken) ?? httpLoad;
        var apiKey = "bench-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(17));

        Console.WriteLine("Preparing the databases and starting the servers…");
        // Declared first, so it stops last: after the Workbench and the baselines let go of their connections.
        using var postgreSql = settings.Provider == DatabaseProvider.PostgreSQL ? ThrowawayPostgresServer.Start(durable: true) : null;
        await using var workbenchDatabase = await CreateDatabaseAsync(postgreSql, "workbench", cancellationToken);
        await BenchmarkAccountSeeder.SeedAsync(workbenchDatabase.Contexts, CallbackPayload.Accounts, DateTime.UtcNow, cancellationToken);
        foreach (var dropped in await DropExecutionLogIndexesAsync(workbenchDatabase, settings.WithoutFilterIndexes, cancellationToken))
        {
            Console.WriteLine($"The Workbench's database runs without {dropped} (--without-filter-index).");
        }

        await using var plainDatabase = await CreateDatabaseAsync(postgreSql, "bare_ceiling", cancellationToken);
        await DropExecutionLogIndexesAsync(plainDatabase, leadingWith: null, cancellationToken);
        await using var indexedDatabase = await CreateDatabaseAsync(postgreSql, "bare_indexed", cancellationToken);
        await using var workbench = await StartWorkbenchAsync(workbenchDatabase, apiKey, cancellationToken);
        await using var baselines = await StartBaselinesAsync(plainDatabase, indexedDatabase, cancellationToken);

        Func<TimeSpan>? databaseCpu = postgreSql is null ? null : () => postgreSql.CpuTime;
        IngestTarget[] all =
        [
            new(Trivial, new LoadTarget(new Uri(baselines.BaseAddress, BaselineServer.TrivialPath), null), baselines, null, null),
            new(BareCeiling, new LoadTarget(new Uri(baselines.BaseAddress, BaselineServer.BarePath), null), baselines, plainDatabase, databaseCpu),
            new(BareIndexed, new LoadTarget(new Uri(baselines.BaseAddress, BaselineServer.BareIndexedPath), null), baselines, indexedDatabase, databaseCpu),
            new(Workbench, new LoadTarget(new Uri(workbench.BaseAddress, WebhookPath), apiKey), workbench, workbenchDatabase, databaseCpu),
        ];
        var targets = all.Where((_, i) => settings.Only.Contains(IngestSettings.TargetKeys[i])).ToArray();

        var report = new IngestReport(settings, closedLoad.Name, machine);
        var runner = new IngestRunner(settings, closedLoad, httpLoad);
        foreach (var target in targets)
        {
            Console.WriteLine($"Warming up {target.Name}…");
            await runner.WarmUpAsync(target, cancellationToken);
        }

        var measurements = new List<Measurement>();
        for (var round = 1; round <= settings.Rounds; round++)
        {
            foreach (var target in targets)
            {
                var measurement = await runner.MeasureAsync(target, round, cancellationToken);
                measurements.Add(measurement);
                IngestReport.PrintProgress(measurement);
            }
        }

        await report.PrintAsync(measurements, cancellationToken);
        IngestReport.PrintServerLog("Workbench", Path.Combine(workbenchDatabase.Folder, "server.log"));
        IngestReport.PrintServerLog("Baselines", Path.Combine(plainDatabase.Folder, "server.log"));
        return measurements.All(m => m.Verified) ? 0 : 1;
    }

    // As deployed: its own process, Production, the appsettings.json built with it; logging at Warning. The build output
    // has no wwwroot (a publish would); an empty one keeps the static-files warning out of the log.
    internal static Task<ServerProcess> StartWorkbenchAsync(
        BenchmarkDatabase database, string apiKey, CancellationToken cancellationToken, params string[] moreArgs) =>
        ServerProcess.StartAsync(
            Path.Combine(AppContext.BaseDirectory, "RpaWorkbench.Web.dll"),
            [
                "--webroot", Directory.CreateDirectory(Path.Combine(database.Folder, "wwwroot")).FullName,
                "--Workbench:Database:Provider", database.Provider.ToString(),
                "--ConnectionStrings:Workbench", database.ConnectionString,
                "--Workbench:Bootstrap:WebhookApiKey", apiKey,
                // The seeded robots have LAN addresses; nothing may call them.
                "--Workbench:Scheduler:Enabled", "false",
                "--Logging:LogLevel:Default", "Warning",
                .. moreArgs,
            ],
            Production,
            AppContext.BaseDirectory,
            Path.Combine(database.Folder, "server.log"),
            "healthz",
            cancellationToken);

    // Server GC as the Workbench has it (the web SDK's default; this console project's is workstation GC).
    private static Task<ServerProcess> StartBaselinesAsync(BenchmarkDatabase plain, BenchmarkDatabase indexed, CancellationToken cancellationToken) =>
        ServerProcess.StartAsync(
            typeof(BaselineServer).Assembly.Location,
            [
                BaselineServer.Command,
                $"--{BaselineServer.ProviderOption}", plain.Provider.ToString(),
                "--plain-database", plain.ConnectionString,
                "--indexed-database", indexed.ConnectionString,
                "--Logging:LogLevel:Default", "Warning",
            ],
            new Dictionary<string, string>(Production) { ["DOTNET_gcServer"] = "1" },
            plain.Folder,
            Path.Combine(plain.Folder, "server.log"),
            BaselineServer.ReadyPath,
            cancellationToken);

    private static Task<BenchmarkDatabase> CreateDatabaseAsync(ThrowawayPostgresServer? postgreSql, string name, CancellationToken cancellationToken) =>
        postgreSql is null
            ? BenchmarkDatabase.CreateAsync(cancellationToken)
            : BenchmarkDatabase.CreatePostgreSqlAsync(postgreSql.CreateDatabase(name), cancellationToken);

    // The ceiling's table: the Workbench's ExecutionLogs as migrated, less its indexes (only the primary key is left).
    // With columns: only the filter indexes that lead with one of them (EF's names: IX_ExecutionLogs_<Column>_StartTime_…).
    private static async Task<List<string>> DropExecutionLogIndexesAsync(
        BenchmarkDatabase database, IReadOnlyList<string>? leadingWith, CancellationToken cancellationToken)
    {
        var listIndexes = database.Provider == DatabaseProvider.PostgreSQL
            ? """
              SELECT i."relname" AS "Value" FROM "pg_index" x JOIN "pg_class" i ON i."oid" = x."indexrelid"
              WHERE x."indrelid" = '"ExecutionLogs"'::regclass AND NOT x."indisprimary"
              """
            : """SELECT "name" AS "Value" FROM "sqlite_master" WHERE "type" = 'index' AND "tbl_name" = 'ExecutionLogs' AND "sql" IS NOT NULL""";
        await using var db = await database.Contexts.CreateDbContextAsync(cancellationToken);
        var indexes = (await db.Database.SqlQueryRaw<string>(listIndexes).ToListAsync(cancellationToken))
            .Where(name => leadingWith is null || leadingWith.Any(column => name.StartsWith($"IX_ExecutionLogs_{column}_StartTime_", StringComparison.Ordinal)))
            .ToList();
        if (leadingWith is not null && indexes.Count != leadingWith.Count)
        {
            throw new InvalidOperationException($"Expected a filter index for each of {string.Join(", ", leadingWith)}; found {string.Join(", ", indexes)}.");
        }

        foreach (var index in indexes)
        {
#pragma warning disable EF1002 // index names read from the schema, quoted
            await db.Database.ExecuteSqlRawAsync($"DROP INDEX \"{index}\";", cancellationToken);
#pragma warning restore EF1002
        }

        return indexes;
    }
}
