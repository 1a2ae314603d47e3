using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using RpaWorkbench.Core.Data;
using static RpaWorkbench.Core.Data.PreparedCommands;

namespace RpaWorkbench.Core.Dashboard;

/// <summary>
/// Adds summed runs to the roll-up table on a plain connection with a prepared statement: one upsert per
/// day × account × app, the duration histograms merged inside SQLite (<see cref="HistogramAddFunction"/>), so nothing
/// is read first. Used by the ingest writer (once per batch) and the rebuild. Call inside a write transaction
/// (<see cref="Enlist"/>).
/// </summary>
internal sealed class RollupStore : IDisposable
{
    /// <summary>The SQL function, registered on the store's connection, that adds two histogram blobs bucket by bucket.</summary>
    public const string HistogramAddFunction = "workbench_histogram_add";

    private readonly DbCommand _upsert;

    public RollupStore(DbConnection connection)
    {
        ((SqliteConnection)connection).CreateFunction<byte[]?, byte[]?, byte[]>(HistogramAddFunction, DurationHistogram.AddBlobs, isDeterministic: true);
        _upsert = Prepare(connection,
            $"""
            INSERT INTO "DailyRollups" ("Day", "ShadowBotAccount", "AppName", "Runs", "Completed", "Failed", "DurationSeconds", "Items", "Histogram")
            VALUES (@Day, @Account, @App, @Runs, @Completed, @Failed, @DurationSeconds, @Items, @Histogram)
            ON CONFLICT ("Day", "ShadowBotAccount", "AppName") DO UPDATE SET
                "Runs" = "Runs" + excluded."Runs", "Completed" = "Completed" + excluded."Completed",
                "Failed" = "Failed" + excluded."Failed", "DurationSeconds" = "DurationSeconds" + excluded."DurationSeconds",
                "Items" = "Items" + excluded."Items", "Histogram" = {HistogramAddFunction}("Histogram", excluded."Histogram")
            """,
            "Day", "Account", "App", "Runs", "Completed", "Failed", "DurationSeconds", "Items", "Histogram");
    }

    /// <summary>The day key as EF Core stores a <see cref="DateOnly"/> in SQLite.</summary>
    public static string DayKey(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public void Enlist(DbTransaction transaction) => _upsert.Transaction = transaction;

    public void Add(IEnumerable<DailyRollup> rows)
    {
        foreach (var row in rows)
        {
            Add(row);
        }
    }

    public void Add(DailyRollup row)
    {
        Bind(_upsert, DayKey(row.Day), row.ShadowBotAccount, row.AppName, row.Runs, row.Completed, row.Failed, row.DurationSeconds,
            row.Items, row.Histogram);
        _upsert.ExecuteNonQuery();
    }

    public void Dispose() => _upsert.Dispose();
}
