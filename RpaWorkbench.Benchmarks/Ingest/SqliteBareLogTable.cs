namespace RpaWorkbench.Benchmarks.Ingest;

/// <summary>
/// The bare insert into a SQLite file through Microsoft.Data.Sqlite: WAL, <c>synchronous=FULL</c>, one prepared
/// INSERT per run inside the batch's transaction (in-process, so a statement costs no round trip).
/// </summary>
public sealed class SqliteBareLogTable(string connectionString) : IBareLogTable
{
    private readonly SqliteConnection _connection = new(connectionString);
    private SqliteCommand? _insert;

    public async Task OpenAsync(CancellationToken cancellationToken)
    {
        await _connection.OpenAsync(cancellationToken);
        await using (var pragmas = _connection.CreateCommand())
        {
            pragmas.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000;";
            await pragmas.ExecuteNonQueryAsync(cancellationToken);
        }

        _insert = _connection.CreateCommand();
        _insert.CommandText = BareRun.InsertSql(Parameter);
        for (var i = 0; i < BareRun.Columns.Count; i++)
        {
            _insert.Parameters.Add(new SqliteParameter(Parameter(i), DBNull.Value));
        }
    }

    // Microsoft.Data.Sqlite's async methods run synchronously anyway; the plain calls save their state machines.
    public Task<long?[]> InsertAsync(IReadOnlyList<BareRun> runs, CancellationToken cancellationToken)
    {
        var insert = _insert ?? throw new InvalidOperationException("Open the table first.");
        var ids = new long?[runs.Count];
        using var transaction = _connection.BeginTransaction();
        insert.Transaction = transaction;
        var now = Stored(DateTime.UtcNow);
        for (var i = 0; i < runs.Count; i++)
        {
            Bind(insert, runs[i], now);
            ids[i] = (long?)insert.ExecuteScalar();
        }

        transaction.Commit();
        return Task.FromResult(ids);
    }

    public async ValueTask DisposeAsync()
    {
        if (_insert is not null)
        {
            await _insert.DisposeAsync();
        }

        await _connection.DisposeAsync();
    }

    private static string Parameter(int index) => string.Create(CultureInfo.InvariantCulture, $"$p{index}");

    private static void Bind(SqliteCommand insert, BareRun run, string now)
    {
        var values = run.Values(utc => Stored(utc), now);
        for (var i = 0; i < values.Length; i++)
        {
            insert.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }

    // As EF Core stores DateTime in SQLite, so the time indexes hold the same text.
    private static string Stored(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
}
