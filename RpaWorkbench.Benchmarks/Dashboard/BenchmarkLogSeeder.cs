using Microsoft.Data.Sqlite;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Executions;

namespace RpaWorkbench.Benchmarks.Dashboard;

/// <summary>
/// Writes execution logs straight into the file with a prepared insert, 50,000 per transaction: 40 robot accounts each
/// running 5 of 20 apps, starts spread evenly over the last 120 days, one run in eight failing (with one of 30 messages).
/// </summary>
internal static class BenchmarkLogSeeder
{
    private const int Accounts = 40;
    private const int Apps = 20;
    private const int AppsPerAccount = 5;
    private const int Days = 120;
    private const int BatchSize = 50_000;

    private static readonly string[] Parameters = ["Key", "Text", "App", "Account", "Status", "Start", "End", "Duration", "Items", "Error"];

    public static void Seed(string connectionString, int count, DateTime nowUtc)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO "ExecutionLogs" ("DedupKey", "Text", "AppName", "ShadowBotAccount", "Status", "StartTime", "EndTime",
                "DurationSeconds", "TotalItems", "SuccessItems", "FailedItems", "LogInfo", "Screenshot", "ErrorMessage", "CreatedAt")
            VALUES (@Key, @Text, @App, @Account, @Status, @Start, @End, @Duration, @Items, @Items, 0, 0, 0, @Error, @End)
            """;
        var parameters = Parameters.Select(name => insert.Parameters.Add(new SqliteParameter { ParameterName = "@" + name })).ToArray();
        insert.Prepare();

        var first = nowUtc.AddDays(-Days);
        var step = TimeSpan.FromDays(Days).Ticks / count;
        for (var done = 0; done < count;)
        {
            using var transaction = connection.BeginTransaction();
            insert.Transaction = transaction;
            for (var end = Math.Min(count, done + BatchSize); done < end; done++)
            {
                var account = done % Accounts;
                var app = (account + done / Accounts % AppsPerAccount * 3) % Apps;
                var failed = done % 8 == 0;
                var start = first.AddTicks(step * done);
                var seconds = 5 + (done * 7919L % 1800) * (1 + app / 10.0);
                var appName = $"应用{app:00}";
                parameters[0].Value = $"bench{done:D9}";
                parameters[1].Value = $"{appName}: {(failed ? "failed" : "completed")}";
                parameters[2].Value = appName;
                parameters[3].Value = $"tygj{account:D5}";
                parameters[4].Value = ContractName.Of(failed ? ExecutionStatus.Failed : ExecutionStatus.Completed);
                parameters[5].Value = start;
                parameters[6].Value = start.AddSeconds(seconds);
                parameters[7].Value = seconds;
                parameters[8].Value = done % 50;
                parameters[9].Value = failed ? $"错误 {done / 8 % 30}: 页面元素未找到" : DBNull.Value;
                insert.ExecuteNonQuery();
            }

            transaction.Commit();
        }
    }
}
