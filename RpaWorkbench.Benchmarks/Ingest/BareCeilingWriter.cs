using System.Globalization;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;

namespace RpaWorkbench.Benchmarks.Ingest;

/// <summary>
/// The ceiling's group commit in bare Microsoft.Data.Sqlite, shaped like the Workbench's: requests queue their run and
/// wait; one writer takes everything queued (up to 512, the Workbench's default), inserts it into ExecutionLogs in one
/// transaction (WAL, synchronous=FULL) and answers each request with its row id after the commit.
/// </summary>
public sealed class BareCeilingWriter(string connectionString) : BackgroundService
{
    private const int MaxBatchSize = 512;

    private const string Insert = """
        INSERT INTO "ExecutionLogs" ("DedupKey", "Text", "AppName", "ShadowBotAccount", "Status", "StartTime", "EndTime",
            "DurationSeconds", "TotalItems", "SuccessItems", "FailedItems", "LogInfo", "Screenshot", "ScreenshotUrl", "LogUrl", "CreatedAt")
        VALUES ($key, $text, $app, $account, $status, $start, $end, $duration, $total, $success, $failed, $logInfo, $screenshot,
            $screenshotUrl, $logUrl, $createdAt)
        ON CONFLICT DO NOTHING
        RETURNING "Id"
        """;

    private static readonly string[] ParameterNames =
    [
        "$key", "$text", "$app", "$account", "$status", "$start", "$end", "$duration", "$total", "$success", "$failed",
        "$logInfo", "$screenshot", "$screenshotUrl", "$logUrl", "$createdAt",
    ];

    private readonly Channel<Pending> _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(20_000)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    /// <summary>Stores the run; its row id once committed, or null when the run was already stored.</summary>
    public async Task<long?> InsertAsync(BareRun run, CancellationToken cancellationToken)
    {
        var pending = new Pending(run);
        await _queue.Writer.WriteAsync(pending, cancellationToken);
        return await pending.Id.Task.WaitAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(stoppingToken);
        await using (var pragmas = connection.CreateCommand())
        {
            pragmas.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000;";
            await pragmas.ExecuteNonQueryAsync(stoppingToken);
        }

        await using var insert = connection.CreateCommand();
        insert.CommandText = Insert;
        foreach (var name in ParameterNames)
        {
            insert.Parameters.Add(new SqliteParameter(name, DBNull.Value));
        }

        var batch = new List<Pending>(MaxBatchSize);
        while (await _queue.Reader.WaitToReadAsync(stoppingToken))
        {
            batch.Clear();
            while (batch.Count < MaxBatchSize && _queue.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }

            Write(connection, insert, batch);
        }
    }

    private static void Write(SqliteConnection connection, SqliteCommand insert, List<Pending> batch)
    {
        var ids = new long?[batch.Count];
        try
        {
            using var transaction = connection.BeginTransaction();
            insert.Transaction = transaction;
            var now = Stored(DateTime.UtcNow);
            for (var i = 0; i < batch.Count; i++)
            {
                Bind(insert, batch[i].Run, now);
                ids[i] = (long?)insert.ExecuteScalar();
            }

            transaction.Commit();
        }
#pragma warning disable CA1031 // every waiting request must get an answer
        catch (Exception ex)
#pragma warning restore CA1031
        {
            batch.ForEach(pending => pending.Id.TrySetException(ex));
            return;
        }

        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Id.TrySetResult(ids[i]);
        }
    }

    // Values in the order of ParameterNames.
    private static void Bind(SqliteCommand insert, BareRun run, string now)
    {
        object?[] values =
        [
            run.DedupKey, $"{run.App}: {run.Status}", run.App, run.Account, run.Status, Stored(run.StartUtc), Stored(run.EndUtc),
            run.DurationSeconds, run.TotalItems, run.SuccessItems, run.FailedItems, run.LogInfo, run.Screenshot,
            run.ScreenshotUrl, run.LogUrl, now,
        ];
        for (var i = 0; i < values.Length; i++)
        {
            insert.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }

    // As EF Core stores DateTime in SQLite, so the time indexes hold the same text.
    private static string Stored(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);

    private sealed class Pending(BareRun run)
    {
        public BareRun Run { get; } = run;

        public TaskCompletionSource<long?> Id { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
