using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Common;

namespace RpaWorkbench.Benchmarks.Accounts;

/// <summary>One accounts-page row as read by the bare SQL baseline (status left as its stored word).</summary>
public sealed record BareAccountRow(
    long Id,
    string ShadowBotAccount,
    string HostIp,
    int Port,
    string Status,
    string? RecentApp,
    DateTime? EndTime,
    string TaskControl,
    int TaskCount,
    DateTime? LastHeartbeatAt,
    bool IsOnline,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    int Version);

/// <summary>
/// The accounts search page in bare SQL over Microsoft.Data.Sqlite — the floor <see cref="AccountService.ListAsync"/> is
/// measured against: LIKE on account or host plus a status filter, newest heartbeat first, the task-count subquery,
/// COUNT then LIMIT/OFFSET, on one pooled connection.
/// </summary>
public sealed class AccountSearchPageSql(string connectionString)
{
    private const string FromWhere = """
        FROM "Accounts" AS a
        WHERE (a."ShadowBotAccount" LIKE @pattern ESCAPE '\' OR a."HostIp" LIKE @pattern ESCAPE '\')
          AND a."Status" = @status

        """;

    private const string CountSql = "SELECT COUNT(*)\n" + FromWhere;

    private const string PageSql = """
        SELECT a."Id", a."ShadowBotAccount", a."HostIp", a."Port", a."Status", a."RecentApp", a."EndTime", a."TaskControl",
               (SELECT COUNT(*) FROM "Tasks" AS t WHERE t."AccountId" = a."Id"),
               a."LastHeartbeatAt", a."LastHeartbeatAt" IS NOT NULL AND a."LastHeartbeatAt" >= @onlineSince,
               a."CreatedAt", a."UpdatedAt", a."Version"

        """ + FromWhere + """
        ORDER BY a."LastHeartbeatAt" DESC, a."Id" DESC
        LIMIT @take OFFSET @skip
        """;

    /// <summary>One page of accounts whose account or host contains <paramref name="search"/> and that have <paramref name="status"/>.</summary>
    public async Task<PageResult<BareAccountRow>> ListAsync(
        string search, AccountStatus status, DateTime onlineSince, int page, int pageSize, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);

        await using var count = connection.CreateCommand();
        count.CommandText = CountSql;
        AddFilter(count, search, status);
        var total = (int)(long)(await count.ExecuteScalarAsync(cancellationToken))!;

        await using var select = connection.CreateCommand();
        select.CommandText = PageSql;
        AddFilter(select, search, status);
        select.Parameters.AddWithValue("@onlineSince", onlineSince);
        select.Parameters.AddWithValue("@take", pageSize);
        select.Parameters.AddWithValue("@skip", page * pageSize);

        var rows = new List<BareAccountRow>(pageSize);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(ReadRow(reader));
        }

        return new PageResult<BareAccountRow>(rows, total);
    }

    private static void AddFilter(SqliteCommand command, string search, AccountStatus status)
    {
        command.Parameters.AddWithValue("@pattern", LikePattern.Contains(search));
        command.Parameters.AddWithValue("@status", ContractName.Of(status));
    }

    private static BareAccountRow ReadRow(SqliteDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetInt32(3),
        reader.GetString(4),
        reader.IsDBNull(5) ? null : reader.GetString(5),
        reader.IsDBNull(6) ? null : reader.GetDateTime(6),
        reader.GetString(7),
        reader.GetInt32(8),
        reader.IsDBNull(9) ? null : reader.GetDateTime(9),
        reader.GetBoolean(10),
        reader.GetDateTime(11),
        reader.GetDateTime(12),
        reader.GetInt32(13));
}
