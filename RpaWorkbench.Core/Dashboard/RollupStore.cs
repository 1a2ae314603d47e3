using System.Data.Common;
using Microsoft.Data.Sqlite;
using RpaWorkbench.Core.Data;

namespace RpaWorkbench.Core.Dashboard;

/// <summary>
/// Adds summed runs to the roll-up table on a plain connection with a prepared statement: one upsert per
/// day × account × app, the duration histograms merged inside the database (<see cref="HistogramAddFunction"/>), so
/// nothing is read first and concurrent writers (two instances on one PostgreSQL) add up under the upsert's row lock.
/// Used by the ingest writer (once per batch), the log seeder and the rebuild. Call inside a write transaction
/// (<see cref="Enlist"/>).
/// </summary>
internal sealed class RollupStore : IDisposable
{
    /// <summary>
    /// The SQL function that adds two histogram blobs bucket by bucket: on SQLite registered on the store's connection
    /// (<see cref="DurationHistogram.AddBlobs"/>), on PostgreSQL created by its initial migration in PL/pgSQL.
    /// </summary>
    public const string HistogramAddFunction = "workbench_histogram_add";

    private readonly DbConnection _connection;
    private readonly HotStatement _upsert;

    public RollupStore(DbConnection connection)
    {
        _connection = connection;
        if (connection is SqliteConnection sqlite)
        {
            sqlite.CreateFunction<byte[]?, byte[]?, byte[]>(HistogramAddFunction, DurationHistogram.AddBlobs, isDeterministic: true);
        }

        // Target columns qualified by the table: PostgreSQL finds a bare name ambiguous beside "excluded".
        _upsert = HotStatement.Prepare(connection,
            $"""
            INSERT INTO "DailyRollups" ("Day", "ShadowBotAccount", "AppName", "Runs", "Completed", "Failed", "DurationSeconds", "Items", "Histogram")
            VALUES (@Day, @Account, @App, @Runs, @Completed, @Failed, @DurationSeconds, @Items, @Histogram)
            ON CONFLICT ("Day", "ShadowBotAccount", "AppName") DO UPDATE SET
                "Runs" = "DailyRollups"."Runs" + excluded."Runs", "Completed" = "DailyRollups"."Completed" + excluded."Completed",
                "Failed" = "DailyRollups"."Failed" + excluded."Failed", "DurationSeconds" = "DailyRollups"."DurationSeconds" + excluded."DurationSeconds",
                "Items" = "DailyRollups"."Items" + excluded."Items", "Histogram" = {HistogramAddFunction}("DailyRollups"."Histogram", excluded."Histogram")
            """,
            "Day", "Account", "App", "Runs", "Completed", "Failed", "DurationSeconds", "Items", "Histogram");
    }

    public void Enlist(DbTransaction transaction) => _upsert.Enlist(transaction);

    public void Add(IEnumerable<DailyRollup> rows)
    {
        foreach (var row in rows)
        {
            Add(row);
        }
    }

    public void Add(DailyRollup row)
    {
        _upsert.Run(WorkbenchDatabase.Day(_connection, row.Day), row.ShadowBotAccount, row.AppName, row.Runs, row.Completed, row.Failed, row.DurationSeconds,
            row.Items, row.Histogram);
    }

    public void Dispose() => _upsert.Dispose();
}
