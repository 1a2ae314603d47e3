using System.Data.Common;
using System.Globalization;
using RpaWorkbench.Core.Data;
using static RpaWorkbench.Core.Data.PreparedCommands;

namespace RpaWorkbench.Core.Dashboard;

/// <summary>
/// Adds summed runs to the roll-up table on a plain connection with prepared statements: one read and one upsert per
/// day × account × app. Used by the ingest writer (once per batch) and the rebuild. Call inside a write transaction
/// (<see cref="Enlist"/>): the histogram is read, merged and written back.
/// </summary>
internal sealed class RollupStore : IDisposable
{
    private readonly DbCommand _histogram;
    private readonly DbCommand _upsert;

    public RollupStore(DbConnection connection)
    {
        _histogram = Prepare(connection,
            """SELECT "Histogram" FROM "DailyRollups" WHERE "Day" = @Day AND "ShadowBotAccount" = @Account AND "AppName" = @App""",
            "Day", "Account", "App");
        _upsert = Prepare(connection,
            """
            INSERT INTO "DailyRollups" ("Day", "ShadowBotAccount", "AppName", "Runs", "Completed", "Failed", "DurationSeconds", "Items", "Histogram")
            VALUES (@Day, @Account, @App, @Runs, @Completed, @Failed, @DurationSeconds, @Items, @Histogram)
            ON CONFLICT ("Day", "ShadowBotAccount", "AppName") DO UPDATE SET
                "Runs" = "Runs" + excluded."Runs", "Completed" = "Completed" + excluded."Completed",
                "Failed" = "Failed" + excluded."Failed", "DurationSeconds" = "DurationSeconds" + excluded."DurationSeconds",
                "Items" = "Items" + excluded."Items", "Histogram" = excluded."Histogram"
            """,
            "Day", "Account", "App", "Runs", "Completed", "Failed", "DurationSeconds", "Items", "Histogram");
    }

    /// <summary>The day key as EF Core stores a <see cref="DateOnly"/> in SQLite.</summary>
    public static string DayKey(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public void Enlist(DbTransaction transaction)
    {
        _histogram.Transaction = transaction;
        _upsert.Transaction = transaction;
    }

    public void Add(IEnumerable<DailyRollup> rows)
    {
        foreach (var row in rows)
        {
            Add(row);
        }
    }

    public void Add(DailyRollup row)
    {
        var day = DayKey(row.Day);
        Bind(_histogram, day, row.ShadowBotAccount, row.AppName);
        var histogram = DurationHistogram.FromBlob(row.Histogram);
        if (_histogram.ExecuteScalar() is byte[] stored)
        {
            histogram.Add(DurationHistogram.FromBlob(stored));
        }

        Bind(_upsert, day, row.ShadowBotAccount, row.AppName, row.Runs, row.Completed, row.Failed, row.DurationSeconds, row.Items, histogram.ToBlob());
        _upsert.ExecuteNonQuery();
    }

    public void Dispose()
    {
        _histogram.Dispose();
        _upsert.Dispose();
    }
}
