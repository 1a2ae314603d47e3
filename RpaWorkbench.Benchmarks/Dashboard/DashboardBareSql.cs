using Microsoft.Data.Sqlite;
using RpaWorkbench.Core.Dashboard;

namespace RpaWorkbench.Benchmarks.Dashboard;

/// <summary>
/// Baselines in bare SQL: the same roll-up read and failure queries the service runs (no EF Core, no ranking work), and
/// the dashboard's aggregations straight over the logs (no roll-up; p95 left out, which would only make it slower).
/// </summary>
internal sealed class DashboardBareSql(string connectionString)
{
    private const string FailedStatuses = "('failed', 'timed_out', 'lost')";

    private static readonly string[] RawQueries =
    [
        """SELECT date("StartTime", '+8 hours'), SUM("Status" = 'completed'), SUM("Status" = 'failed') FROM "ExecutionLogs" WHERE "StartTime" >= @From GROUP BY 1""",
        """SELECT "AppName", COUNT(*), AVG("DurationSeconds"), SUM("Status" = 'completed') FROM "ExecutionLogs" WHERE "StartTime" >= @From GROUP BY 1""",
        """SELECT "ShadowBotAccount", COUNT(*), AVG("DurationSeconds"), SUM("Status" = 'completed'), SUM("TotalItems") FROM "ExecutionLogs" WHERE "StartTime" >= @From GROUP BY 1""",
    ];

    /// <summary>The roll-up rows of the range, the failures of the last hour and the top 10 failure messages.</summary>
    public async Task<int> RollupQueriesAsync(DateOnly firstDay, DateTime fromUtc, DateTime nowUtc, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = 0;
        await using (var command = Command(connection,
                         """SELECT "Day", "ShadowBotAccount", "AppName", "Runs", "Completed", "Failed", "DurationSeconds", "Items", "Histogram" FROM "DailyRollups" WHERE "Day" >= @Day""",
                         ("@Day", firstDay.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                // Decoded as the service decodes them.
                rows += (int)DurationHistogram.FromBlob((byte[])reader[8]).Total;
            }
        }

        rows += await CountAsync(connection, $"""SELECT COUNT(*) FROM "ExecutionLogs" WHERE "Status" IN {FailedStatuses} AND "StartTime" >= @From""", nowUtc.AddHours(-1), cancellationToken);
        rows += await CountAsync(connection,
            $"""SELECT COUNT(*) FROM (SELECT "ErrorMessage", COUNT(*) AS "Count" FROM "ExecutionLogs" WHERE "Status" IN {FailedStatuses} AND "StartTime" >= @From AND "ErrorMessage" IS NOT NULL GROUP BY "ErrorMessage" ORDER BY "Count" DESC LIMIT 10)""",
            fromUtc, cancellationToken);
        return rows;
    }

    /// <summary>Trend per operator day (UTC+8), per-app and per-account averages, straight over the logs of the range.</summary>
    public async Task<int> RawAggregationAsync(DateTime fromUtc, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = 0;
        foreach (var sql in RawQueries)
        {
            await using var command = Command(connection, sql, ("@From", fromUtc));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows++;
            }
        }

        return rows;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private static async Task<int> CountAsync(SqliteConnection connection, string sql, DateTime from, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, sql, ("@From", from));
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
#pragma warning disable CA2100 // constant SQL
        command.CommandText = sql;
#pragma warning restore CA2100
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }
}
