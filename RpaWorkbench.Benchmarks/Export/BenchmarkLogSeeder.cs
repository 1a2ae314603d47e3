using System.Globalization;
using Microsoft.Data.Sqlite;
using RpaWorkbench.Benchmarks.Accounts;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Executions;

namespace RpaWorkbench.Benchmarks.Export;

/// <summary>
/// Seeds realistic execution logs fast: one prepared insert, 20,000 rows per transaction, in start-time order as the
/// webhook would have stored them. 10,000 robot accounts running the fleet's apps over the 180 days before
/// <c>now</c>; most runs completed, some failed with an error; summaries in Chinese; screenshot and log URLs on the OSS
/// bucket. Fixed random seed, so every run exports the same data.
/// </summary>
public static class BenchmarkLogSeeder
{
    private const int RandomSeed = 20261126;
    private const int RowsPerTransaction = 20_000;
    private const int Accounts = 10_000;

    private static readonly string[] Columns =
    [
        "ExecutionId", "DedupKey", "Text", "AppName", "ShadowBotAccount", "HostIp", "Status", "StartTime", "EndTime",
        "DurationSeconds", "TotalItems", "SuccessItems", "FailedItems", "LogInfo", "Screenshot", "ScreenshotUrl", "LogUrl",
        "LogContent", "ErrorMessage", "TaskId", "AccountId", "CreatedAt",
    ];

    private static readonly string[] Errors =
    [
        "元素未找到：登录按钮 (timeout 30s)",
        "网页加载超时：https://erp.example.internal/orders",
        "Excel 文件被占用，无法写入 D:\\rpa\\报表.xlsx",
        "验证码识别失败，已重试 3 次",
    ];

    /// <summary>Inserts <paramref name="count"/> logs into the database behind <paramref name="connectionString"/>.</summary>
    public static async Task SeedAsync(string connectionString, int count, DateTime now, CancellationToken cancellationToken)
    {
        var random = new Random(RandomSeed);
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var pragma = connection.CreateCommand())
        {
            // Seeding is set-up, not what is measured: no fsync per transaction.
            pragma.CommandText = "PRAGMA synchronous = OFF;";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var insert = connection.CreateCommand();
        insert.CommandText = $"""INSERT INTO "ExecutionLogs" ({string.Join(", ", Columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", Columns.Select(c => "@" + c))})""";
        foreach (var column in Columns)
        {
            insert.Parameters.Add(new SqliteParameter("@" + column, null));
        }

        insert.Prepare();

        var first = now.AddDays(-180);
        var step = (now - first) / count;
        for (var done = 0; done < count;)
        {
            await using var transaction = connection.BeginTransaction();
            insert.Transaction = transaction;
            for (var end = Math.Min(count, done + RowsPerTransaction); done < end; done++)
            {
                // Strictly increasing whole-second start times (steps of over a second), so every run key is unique.
                Bind(insert, Row(done, WholeSeconds(first + (step * done) + (step * random.NextDouble() * 0.9)), random));
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
    }

    private static object?[] Row(int number, DateTime start, Random random)
    {
        var accountNumber = random.Next(1, Accounts + 1);
        var account = BenchmarkAccountSeeder.AccountName(accountNumber);
        var app = BenchmarkAccountSeeder.Apps[random.Next(BenchmarkAccountSeeder.Apps.Count)];
        var status = random.Next(100) switch
        {
            < 86 => ExecutionStatus.Completed,
            < 96 => ExecutionStatus.Failed,
            < 98 => ExecutionStatus.Stopped,
            < 99 => ExecutionStatus.TimedOut,
            _ => ExecutionStatus.Lost,
        };
        var duration = random.Next(30, 3600);
        var end = start.AddSeconds(duration);
        var total = random.Next(1, 500);
        var failed = status == ExecutionStatus.Completed ? random.Next(0, Math.Min(total, 5)) : random.Next(0, total);
        var run = string.Create(CultureInfo.InvariantCulture, $"{number + 1:D8}");
        var bucket = $"https://rpa-logs.oss-cn-hangzhou.aliyuncs.com/{account}/{start:yyyyMMdd}/{run}";
        var executionId = random.Next(2) == 0 ? $"run-{run}" : null;
        return
        [
            executionId,
            executionId is null ? RunKeys.ForRun(account, app, start, end) : RunKeys.ForExecutionId(executionId),
            string.Create(CultureInfo.InvariantCulture, $"{app}：处理 {total} 条，成功 {total - failed} 条，失败 {failed} 条"),
            app,
            account,
            string.Create(CultureInfo.InvariantCulture, $"192.168.{(accountNumber - 1) / 500 % 256}.{((accountNumber - 1) / 2 % 250) + 1}"),
            ContractName.Of(status),
            start,
            end,
            (double)duration,
            total,
            total - failed,
            failed,
            true,
            true,
            bucket + "/screenshot.png",
            bucket + "/log.txt",
            null,
            status == ExecutionStatus.Completed ? null : Errors[random.Next(Errors.Length)],
            null,
            null,
            end.AddSeconds(1),
        ];
    }

    private static DateTime WholeSeconds(DateTime time) => new(time.Ticks - (time.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);

    private static void Bind(SqliteCommand command, object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }
}
