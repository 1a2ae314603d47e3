using RpaWorkbench.Core.Dashboard;

namespace RpaWorkbench.Benchmarks.Dashboard;

/// <summary>
/// Baselines in bare SQL over Microsoft.Data.Sqlite: the queries <see cref="DashboardService.GetAsync"/> runs (roll-up
/// rows with their histograms decoded, the robot and task counts, failures of the last hour, top failure messages from
/// the failure roll-up) with none of its ranking work; and, for contrast, the same figures aggregated straight over the
/// logs (no roll-up; p95 left out, which would only make it slower).
/// </summary>
internal sealed class DashboardBareSql(string connectionString)
{
    private const string FailedStatuses = "('failed', 'timed_out', 'lost')";

    // Each takes the filter's SQL (" AND …" or nothing).
    private static readonly Func<string, string>[] RawQueries =
    [
        filter => $"""SELECT date("StartTime", '+8 hours'), SUM("Status" = 'completed'), SUM("Status" = 'failed') FROM "ExecutionLogs" WHERE "StartTime" >= @From{filter} GROUP BY 1""",
        filter => $"""SELECT "AppName", COUNT(*), AVG("DurationSeconds"), SUM("Status" = 'completed') FROM "ExecutionLogs" WHERE "StartTime" >= @From{filter} GROUP BY 1""",
        filter => $"""SELECT "ShadowBotAccount", COUNT(*), AVG("DurationSeconds"), SUM("Status" = 'completed'), SUM("TotalItems") FROM "ExecutionLogs" WHERE "StartTime" >= @From{filter} GROUP BY 1""",
    ];

    private static string TopFailuresOverLogs(string filter) =>
        $"""SELECT "ErrorMessage", COUNT(*) AS "Count" FROM "ExecutionLogs" WHERE "Status" IN {FailedStatuses} AND "StartTime" >= @From AND "ErrorMessage" <> ''{filter} GROUP BY "ErrorMessage" ORDER BY "Count" DESC, "ErrorMessage" LIMIT 10""";

    /// <summary>What the service reads for a range and filter; returns a checksum (runs plus counts) so nothing is optimised away.</summary>
    public async Task<long> RollupQueriesAsync(BareDashboardQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var filter = Filter(query, "");
        long sum = 0;
        await using (var rows = Command(connection,
                         $"""SELECT "Day", "ShadowBotAccount", "AppName", "Runs", "Completed", "Failed", "DurationSeconds", "Items", "Histogram" FROM "DailyRollups" WHERE "Day" >= @First AND "Day" <= @Last{filter}""",
                         query))
        await using (var reader = await rows.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                // Decoded as the service decodes them.
                sum += reader.GetInt32(3) + DurationHistogram.FromBlob((byte[])reader[8]).Total;
            }
        }

        var account = query.Account is null ? "" : """ AND "ShadowBotAccount" = @Account""";
        sum += await ScalarAsync(connection, $"""SELECT COUNT(*) FROM "Accounts" WHERE "LastHeartbeatAt" >= @Online{account}""", query, cancellationToken);
        sum += await ScalarAsync(connection, $"""SELECT COUNT(*) FROM "Accounts" WHERE 1{account}""", query, cancellationToken);
        var join = query.Account is null ? "" : """ INNER JOIN "Accounts" AS "a" ON "t"."AccountId" = "a"."Id" """;
        sum += await ScalarAsync(connection,
            $"""SELECT COUNT(*) FROM "Tasks" AS "t"{join} WHERE "t"."Status" <> 'pending'{Filter(query, "t", "a")}""", query, cancellationToken);
        sum += await ScalarAsync(connection,
            $"""SELECT COUNT(*) FROM "ExecutionLogs" WHERE "Status" IN {FailedStatuses} AND "StartTime" >= @HourAgo{filter}""", query, cancellationToken);

        await using (var top = Command(connection,
                         $"""
                          SELECT "m"."Message", "c"."Count"
                          FROM (SELECT "MessageHash", SUM("Count") AS "Count" FROM "FailureRollups" WHERE "Day" >= @First AND "Day" <= @Last{filter} GROUP BY "MessageHash") AS "c"
                          INNER JOIN "FailureMessages" AS "m" ON "c"."MessageHash" = "m"."MessageHash"
                          ORDER BY "c"."Count" DESC, "m"."Message" LIMIT 10
                          """,
                         query))
        await using (var reader = await top.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                sum += reader.GetString(0).Length + reader.GetInt64(1);
            }
        }

        return sum;
    }

    /// <summary>Trend per operator day (UTC+8), per-app and per-account figures and top failure messages, over the logs.</summary>
    public async Task<long> RawAggregationAsync(BareDashboardQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        long rows = 0;
        foreach (var sql in RawQueries)
        {
            await using var command = Command(connection, sql(Filter(query, "")), query);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows++;
            }
        }

        return rows + (await TopFailuresOverLogsAsync(connection, query, cancellationToken)).Count;
    }

    /// <summary>The top failure messages grouped straight from the logs, as the dashboard computed them before the roll-up.</summary>
    public async Task<List<FailureMessageCount>> TopFailuresOverLogsAsync(BareDashboardQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await TopFailuresOverLogsAsync(connection, query, cancellationToken);
    }

    private static async Task<List<FailureMessageCount>> TopFailuresOverLogsAsync(
        SqliteConnection connection, BareDashboardQuery query, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, TopFailuresOverLogs(Filter(query, "")), query);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var top = new List<FailureMessageCount>();
        while (await reader.ReadAsync(cancellationToken))
        {
            top.Add(new FailureMessageCount(reader.GetString(0), reader.GetInt32(1)));
        }

        return top;
    }

    private static string Filter(BareDashboardQuery query, string table, string? accountTable = null)
    {
        string Column(string name, string on) => on.Length == 0 ? $"\"{name}\"" : $"\"{on}\".\"{name}\"";
        var account = query.Account is null ? "" : $" AND {Column("ShadowBotAccount", accountTable ?? table)} = @Account";
        return account + (query.App is null ? "" : $" AND {Column("AppName", table)} = @App");
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private static async Task<long> ScalarAsync(SqliteConnection connection, string sql, BareDashboardQuery query, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, sql, query);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    // Every parameter a query may use; SQLite ignores the ones it does not name.
    private static SqliteCommand Command(SqliteConnection connection, string sql, BareDashboardQuery query)
    {
        var command = connection.CreateCommand();
#pragma warning disable CA2100 // SQL built from constant fragments; values are parameters
        command.CommandText = sql;
#pragma warning restore CA2100
        command.Parameters.AddWithValue("@First", query.FirstDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("@Last", query.LastDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("@From", query.FromUtc);
        command.Parameters.AddWithValue("@HourAgo", query.NowUtc.AddHours(-1));
        command.Parameters.AddWithValue("@Online", query.OnlineSinceUtc);
        command.Parameters.AddWithValue("@Account", (object?)query.Account ?? DBNull.Value);
        command.Parameters.AddWithValue("@App", (object?)query.App ?? DBNull.Value);
        return command;
    }
}

/// <summary>One dashboard request as the bare SQL baselines need it.</summary>
internal sealed record BareDashboardQuery(
    DateOnly FirstDay, DateOnly LastDay, DateTime FromUtc, DateTime NowUtc, DateTime OnlineSinceUtc, string? Account, string? App);
