using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Storage;

namespace RpaWorkbench.Core.Dashboard;

/// <summary>
/// The one way runs are added to the dashboard's roll-ups, used by every writer of logs (the ingest writer, force-stop
/// and the watchdog, the log seeder and the demo, the rebuild). Prepared blind upserts on a plain connection, nothing
/// read first: one per day × account × app, the duration histograms merged inside the database
/// (<see cref="HistogramAddFunction"/>); each failure message's text once (kept if already there); one count per
/// day × account × app × message. So concurrent writers (two instances on one PostgreSQL) add up under the upserts'
/// row locks, where a read-then-write would lose a count or trip over the unique key. Runs in the caller's write
/// transaction (<see cref="Enlist"/>), so the roll-ups change exactly when the logs they count are committed.
/// </summary>
internal sealed class RollupWriter : IDisposable
{
    /// <summary>
    /// The SQL function that adds two histogram blobs bucket by bucket: on SQLite registered on the writer's connection
    /// (<see cref="DurationHistogram.AddBlobs"/>), on PostgreSQL created by its initial migration in PL/pgSQL.
    /// </summary>
    public const string HistogramAddFunction = "workbench_histogram_add";

    private readonly DbConnection _connection;
    private readonly HotStatement _daily;
    private readonly HotStatement _message;
    private readonly HotStatement _failure;

    public RollupWriter(DbConnection connection)
    {
        _connection = connection;
        if (connection is SqliteConnection sqlite)
        {
            sqlite.CreateFunction<byte[]?, byte[]?, byte[]>(HistogramAddFunction, DurationHistogram.AddBlobs, isDeterministic: true);
        }

        // Target columns qualified by the table: PostgreSQL finds a bare name ambiguous beside "excluded".
        _daily = HotStatement.Prepare(connection,
            $"""
            INSERT INTO "DailyRollups" ("Day", "ShadowBotAccount", "AppName", "Runs", "Completed", "Failed", "DurationSeconds", "Items", "Histogram")
            VALUES (@Day, @Account, @App, @Runs, @Completed, @Failed, @DurationSeconds, @Items, @Histogram)
            ON CONFLICT ("Day", "ShadowBotAccount", "AppName") DO UPDATE SET
                "Runs" = "DailyRollups"."Runs" + excluded."Runs", "Completed" = "DailyRollups"."Completed" + excluded."Completed",
                "Failed" = "DailyRollups"."Failed" + excluded."Failed", "DurationSeconds" = "DailyRollups"."DurationSeconds" + excluded."DurationSeconds",
                "Items" = "DailyRollups"."Items" + excluded."Items", "Histogram" = {HistogramAddFunction}("DailyRollups"."Histogram", excluded."Histogram")
            """,
            "Day", "Account", "App", "Runs", "Completed", "Failed", "DurationSeconds", "Items", "Histogram");
        _message = HotStatement.Prepare(connection,
            """INSERT INTO "FailureMessages" ("MessageHash", "Message") VALUES (@MessageHash, @Message) ON CONFLICT ("MessageHash") DO NOTHING""",
            "MessageHash", "Message");
        _failure = HotStatement.Prepare(connection,
            """
            INSERT INTO "FailureRollups" ("Day", "ShadowBotAccount", "AppName", "MessageHash", "Count")
            VALUES (@Day, @Account, @App, @MessageHash, @Count)
            ON CONFLICT ("Day", "ShadowBotAccount", "AppName", "MessageHash") DO UPDATE SET "Count" = "FailureRollups"."Count" + excluded."Count"
            """,
            "Day", "Account", "App", "MessageHash", "Count");
    }

    /// <summary>
    /// Adds runs a caller saves through EF Core (the Workbench's own verdicts) in the context's transaction, which the
    /// caller began and commits with the logs.
    /// </summary>
    public static void Add(WorkbenchDbContext db, RollupBatch runs)
    {
        var transaction = db.Database.CurrentTransaction
            ?? throw new InvalidOperationException("Runs are added to the roll-ups inside the transaction that saves their logs.");
        using var writer = new RollupWriter(db.Database.GetDbConnection());
        writer.Enlist(transaction.GetDbTransaction());
        writer.Add(runs);
    }

    public void Enlist(DbTransaction transaction)
    {
        _daily.Enlist(transaction);
        _message.Enlist(transaction);
        _failure.Enlist(transaction);
    }

    /// <summary>Adds the runs summed in <paramref name="runs"/> to the daily and the failure roll-up.</summary>
    public void Add(RollupBatch runs)
    {
        foreach (var row in runs.Daily.Rows)
        {
            _daily.Run(Day(row.Day), row.ShadowBotAccount, row.AppName, row.Runs, row.Completed, row.Failed, row.DurationSeconds, row.Items, row.Histogram);
        }

        foreach (var message in runs.Failures.Messages)
        {
            _message.Run(message.MessageHash, message.Message);
        }

        foreach (var row in runs.Failures.Rows)
        {
            _failure.Run(Day(row.Day), row.ShadowBotAccount, row.AppName, row.MessageHash, row.Count);
        }
    }

    public void Dispose()
    {
        _daily.Dispose();
        _message.Dispose();
        _failure.Dispose();
    }

    private object Day(DateOnly day) => WorkbenchDatabase.Day(_connection, day);
}
