using Npgsql;

namespace RpaWorkbench.Benchmarks.Ingest;

/// <summary>
/// The bare insert into PostgreSQL through Npgsql: the batch's INSERTs sent together as one <see cref="NpgsqlBatch"/>
/// (one round trip) inside one transaction, committed before any request is answered (the server runs with
/// <c>synchronous_commit=on</c> and <c>fsync=on</c>, so the commit waits for the WAL flush).
/// </summary>
public sealed class PostgreSqlBareLogTable(string connectionString) : IBareLogTable
{
    private static readonly string Insert = BareRun.InsertSql(i => string.Create(CultureInfo.InvariantCulture, $"${i + 1}"));

    private readonly NpgsqlConnection _connection = new(connectionString);

    public Task OpenAsync(CancellationToken cancellationToken) => _connection.OpenAsync(cancellationToken);

    public async Task<long?[]> InsertAsync(IReadOnlyList<BareRun> runs, CancellationToken cancellationToken)
    {
        var ids = new long?[runs.Count];
        await using var transaction = await _connection.BeginTransactionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(_connection, transaction);
        var now = DateTime.UtcNow;
        foreach (var run in runs)
        {
            var insert = new NpgsqlBatchCommand(Insert);
            foreach (var value in run.Values(utc => utc, now))
            {
                insert.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
            }

            batch.BatchCommands.Add(insert);
        }

        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            for (var i = 0; i < runs.Count; i++)
            {
                ids[i] = await reader.ReadAsync(cancellationToken) ? reader.GetInt64(0) : null;
                await reader.NextResultAsync(cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return ids;
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
