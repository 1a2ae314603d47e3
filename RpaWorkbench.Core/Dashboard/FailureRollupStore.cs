using System.Data.Common;
using RpaWorkbench.Core.Data;

namespace RpaWorkbench.Core.Dashboard;

/// <summary>
/// Adds counted failures to the failure roll-up on a plain connection with prepared blind statements, nothing read
/// first: the message text once (kept if already there), then one count upsert per day × account × app × message.
/// Used by the ingest writer, the log seeder and the rebuild, each inside its own write transaction (<see cref="Enlist"/>).
/// </summary>
internal sealed class FailureRollupStore : IDisposable
{
    private readonly DbConnection _connection;
    private readonly HotStatement _message;
    private readonly HotStatement _count;

    public FailureRollupStore(DbConnection connection)
    {
        _connection = connection;
        _message = HotStatement.Prepare(connection,
            """INSERT INTO "FailureMessages" ("MessageHash", "Message") VALUES (@MessageHash, @Message) ON CONFLICT ("MessageHash") DO NOTHING""",
            "MessageHash", "Message");
        _count = HotStatement.Prepare(connection,
            """
            INSERT INTO "FailureRollups" ("Day", "ShadowBotAccount", "AppName", "MessageHash", "Count")
            VALUES (@Day, @Account, @App, @MessageHash, @Count)
            ON CONFLICT ("Day", "ShadowBotAccount", "AppName", "MessageHash") DO UPDATE SET "Count" = "FailureRollups"."Count" + excluded."Count"
            """,
            "Day", "Account", "App", "MessageHash", "Count");
    }

    public void Enlist(DbTransaction transaction)
    {
        _message.Enlist(transaction);
        _count.Enlist(transaction);
    }

    public void Add(FailureTotals totals)
    {
        foreach (var message in totals.Messages)
        {
            _message.Run(message.MessageHash, message.Message);
        }

        foreach (var row in totals.Rows)
        {
            _count.Run(WorkbenchDatabase.Day(_connection, row.Day), row.ShadowBotAccount, row.AppName, row.MessageHash, row.Count);
        }
    }

    public void Dispose()
    {
        _message.Dispose();
        _count.Dispose();
    }
}
