using RpaWorkbench.Core.Common;
using RpaWorkbench.Core.Executions;

namespace RpaWorkbench.Benchmarks.Logs;

/// <summary>One logs-page row as the bare SQL baseline reads it (status left as its stored word).</summary>
public sealed record BareLogRow(
    long Id, DateTime StartTime, DateTime EndTime, double DurationSeconds, string ShadowBotAccount, string AppName, string Status,
    string? Text, int TotalItems, int SuccessItems, int FailedItems, string? ErrorMessage, string? HostIp, bool HasScreenshot, bool HasLog);

/// <summary>
/// The logs page filtered by account, in bare SQL over Microsoft.Data.Sqlite — the floor
/// <see cref="ExecutionLogService.ListAsync"/> is measured against: the capped count, then the newest-first page, the
/// same SQL EF Core generates, on one pooled connection.
/// </summary>
public sealed class LogPageSql(string connectionString)
{
    private const string CountSql = """
        SELECT COUNT(*) FROM (SELECT 1 FROM "ExecutionLogs" AS "e" WHERE "e"."ShadowBotAccount" = @account LIMIT @cap)
        """;

    private const string PageSql = """
        SELECT "e"."Id", "e"."StartTime", "e"."EndTime", "e"."DurationSeconds", "e"."ShadowBotAccount", "e"."AppName", "e"."Status",
               substr("e"."Text", 1, @cut), "e"."TotalItems", "e"."SuccessItems", "e"."FailedItems", substr("e"."ErrorMessage", 1, @cut),
               "e"."HostIp", "e"."ScreenshotUrl" IS NOT NULL, "e"."LogUrl" IS NOT NULL OR "e"."LogContent" IS NOT NULL
        FROM "ExecutionLogs" AS "e"
        WHERE "e"."ShadowBotAccount" = @account
        ORDER BY "e"."StartTime" DESC, "e"."Id" DESC
        LIMIT @take OFFSET @skip
        """;

    /// <summary>The first page of the runs of one robot account, newest first, with the capped count.</summary>
    public async Task<PageResult<BareLogRow>> ListAsync(string account, int pageSize, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);

        await using var count = connection.CreateCommand();
        count.CommandText = CountSql;
        count.Parameters.AddWithValue("@account", account);
        count.Parameters.AddWithValue("@cap", ExecutionLogService.CountCap + 1);
        var total = (int)(long)(await count.ExecuteScalarAsync(cancellationToken))!;

        await using var select = connection.CreateCommand();
        select.CommandText = PageSql;
        select.Parameters.AddWithValue("@account", account);
        select.Parameters.AddWithValue("@cut", ExecutionLogService.ListTextLength);
        select.Parameters.AddWithValue("@take", pageSize);
        select.Parameters.AddWithValue("@skip", 0);
        var rows = new List<BareLogRow>(pageSize);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new BareLogRow(
                reader.GetInt64(0), reader.GetDateTime(1), reader.GetDateTime(2), reader.GetDouble(3), reader.GetString(4),
                reader.GetString(5), reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7), reader.GetInt32(8),
                reader.GetInt32(9), reader.GetInt32(10), reader.IsDBNull(11) ? null : reader.GetString(11),
                reader.IsDBNull(12) ? null : reader.GetString(12), reader.GetBoolean(13), reader.GetBoolean(14)));
        }

        return new PageResult<BareLogRow>(rows, total);
    }
}
