using System.Data.Common;
using static RpaWorkbench.Core.Data.PreparedCommands;

namespace RpaWorkbench.Core.Dashboard;

/// <summary>
/// Adds counted failures to the failure roll-up on a plain connection: one prepared blind upsert per day × account ×
/// app × message, nothing read first (a count only adds up). Used by the ingest writer, the log seeder and the rebuild,
/// each inside its own write transaction (<see cref="Enlist"/>).
/// </summary>
internal sealed class FailureRollupStore : IDisposable
{
    private readonly DbCommand _upsert;

    public FailureRollupStore(DbConnection connection) =>
        _upsert = Prepare(connection,
            """
            INSERT INTO "FailureRollups" ("Day", "ShadowBotAccount", "AppName", "MessageHash", "Count", "Message")
            VALUES (@Day, @Account, @App, @MessageHash, @Count, @Message)
            ON CONFLICT ("Day", "ShadowBotAccount", "AppName", "MessageHash") DO UPDATE SET "Count" = "Count" + excluded."Count"
            """,
            "Day", "Account", "App", "MessageHash", "Count", "Message");

    public void Enlist(DbTransaction transaction) => _upsert.Transaction = transaction;

    public void Add(IEnumerable<FailureRollup> rows)
    {
        foreach (var row in rows)
        {
            Bind(_upsert, RollupStore.DayKey(row.Day), row.ShadowBotAccount, row.AppName, row.MessageHash, row.Count, row.Message);
            _upsert.ExecuteNonQuery();
        }
    }

    public void Dispose() => _upsert.Dispose();
}
