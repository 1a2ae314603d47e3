using RpaWorkbench.Benchmarks.Accounts;
using RpaWorkbench.Core.Webhooks;

namespace RpaWorkbench.Benchmarks.Ingest;

/// <summary>
/// The Workbench's ingest writer on a migrated database of its own, seeded with the load test's accounts, for
/// <see cref="WriterBenchmark"/>; its hot statements use SQLitePCL (as shipped) or Microsoft.Data.Sqlite's prepared
/// commands, chosen when its connection opens.
/// </summary>
internal sealed class WorkbenchWriter : IAsyncDisposable
{
    private readonly CallbackBatchWriter _writer;
    private readonly WalTail _walTail;

    private WorkbenchWriter(BenchmarkDatabase database)
    {
        Database = database;
        _writer = database.Services.GetRequiredService<CallbackBatchWriter>();
        _walTail = database.Services.GetRequiredService<WalTail>();
    }

    public BenchmarkDatabase Database { get; }

    public static async Task<WorkbenchWriter> CreateAsync(bool preparedCommands, CancellationToken cancellationToken)
    {
        var database = await BenchmarkDatabase.CreateAsync(cancellationToken);
        await BenchmarkAccountSeeder.SeedAsync(database.Contexts, CallbackPayload.Accounts, DateTime.UtcNow, cancellationToken);
        var writer = new WorkbenchWriter(database);
        // The statements are prepared when the writer's connection opens, with its first batch (an empty one here),
        // and kept for every batch after it.
        AppContext.SetSwitch(HotStatement.PreparedCommandsOnSqlite, preparedCommands);
        try
        {
            writer._writer.Write([]);
        }
        finally
        {
            AppContext.SetSwitch(HotStatement.PreparedCommandsOnSqlite, false);
        }

        return writer;
    }

    /// <summary>Writes the callbacks in batches, asking for the WAL's tail as the background checkpoint does.</summary>
    public WriterBenchmark.Cost Measure(List<Callback> callbacks, int batchSize) =>
        WriterBenchmark.Measure(callbacks, batchSize, batch => _writer.Write(batch), _walTail.Request);

    public async ValueTask DisposeAsync()
    {
        _writer.Dispose();
        await Database.DisposeAsync();
    }
}
