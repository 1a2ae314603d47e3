using RpaWorkbench.Core.Executions;

namespace RpaWorkbench.Benchmarks.Infrastructure;

/// <summary>
/// One migrated database with 1,000,000 seeded logs (and the dashboard roll-ups the seeder keeps with them) for every
/// logs and dashboard benchmark in this process: seeding takes a minute or two, and BenchmarkDotNet runs each
/// benchmark's setup separately (in-process, so a static instance is shared). The benchmarks only read it. The file is
/// deleted when the process exits.
/// </summary>
internal static class SeededLogDatabase
{
    public const int LogCount = 1_000_000;

    // Fixed, so every run measures the same logs (for the same day).
    private const int RandomSeed = 20261126;

    private static readonly Lazy<Task<BenchmarkDatabase>> Database = new(CreateAsync);

    public static Task<BenchmarkDatabase> GetAsync() => Database.Value;

    private static async Task<BenchmarkDatabase> CreateAsync()
    {
        var database = await BenchmarkDatabase.CreateAsync(CancellationToken.None);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => database.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Console.WriteLine($"Seeding {LogCount:N0} execution logs…");
        var started = DateTime.UtcNow;
        await database.Services.GetRequiredService<LogSeeder>().SeedAsync(LogCount, RandomSeed, progress: null, CancellationToken.None);
        Console.WriteLine($"Seeded {LogCount:N0} execution logs in {(DateTime.UtcNow - started).TotalSeconds:F1} s.");
        // The app's background checkpointer (not running here) would have moved the WAL into the file by now;
        // reading a million rows through a ~700 MB WAL measures the WAL, not the queries.
        await using var db = await database.Contexts.CreateDbContextAsync();
        await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);");
        return database;
    }
}
