using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Dashboard;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Core.Time;

namespace RpaWorkbench.Core.Executions;

/// <summary>
/// Generates realistic execution logs in bulk (<c>seed-logs &lt;N&gt;</c>, benchmarks): runs of the stored tasks (or of a
/// generated fleet when there are no accounts), spread over the last 90 days in the operators' working hours, ~10%
/// failed with real-looking errors (two kinds name a row or page, so there are about 800 distinct messages), screenshot
/// and log links on an example storage host that is never fetched. Rows go in start-time order through one prepared
/// statement in large transactions, so every index grows at its end; each transaction also adds its logs to the
/// dashboard's roll-ups.
/// </summary>
public sealed class LogSeeder(IDbContextFactory<WorkbenchDbContext> contexts, OperatorTime time, TimeProvider clock)
{
    /// <summary>Where generated screenshot and log links point: a reserved example domain, never fetched.</summary>
    public const string ExampleStorageHost = "rpa-logs.oss-cn-hangzhou.example.com";

    private const int BatchSize = 20_000;
    private const int Days = 90;
    private const int GeneratedAccounts = 40;

    private static readonly string[] Apps = ["云仓收藏", "订单同步", "库存盘点", "发票下载", "银行对账", "报销审核", "工单分派", "评价回复"];

    private static readonly string[] Errors =
    [
        "元素未找到：30 秒内没有找到“提交”按钮 (ElementNotFound: button '提交' not found after 30s)",
        "网页加载超时 (Timeout: https://erp.example.com/orders?page={0} did not load within 60s)",
        "登录失败：验证码识别错误 / Login failed: captcha rejected",
        @"Excel 文件被占用，无法写入 D:\报表\库存.xlsx (IOException: The process cannot access the file because it is being used by another process)",
        "接口返回 502 Bad Gateway：订单同步服务不可用",
        "数据校验失败：第 {0} 行金额为空 (ValidationError: amount is empty at row {0})",
        "浏览器意外关闭 (Chrome exited with code -1073741819)",
        "账号被锁定，请联系管理员 / Account locked after 5 failed sign-in attempts",
        "网络连接中断：ConnectionResetError(10054) 远程主机强迫关闭了一个现有的连接",
        "未检测到网银 U 盾 (USB key not detected)",
        "找不到窗口“发票查验平台” (WindowNotFound: 发票查验平台)",
        "内存不足 OutOfMemoryError while processing 12,000 rows",
    ];

    private static readonly string[] Columns =
    [
        "DedupKey", "Text", "AppName", "ShadowBotAccount", "HostIp", "Status", "StartTime", "EndTime", "DurationSeconds",
        "TotalItems", "SuccessItems", "FailedItems", "LogInfo", "Screenshot", "ScreenshotUrl", "LogUrl", "LogContent",
        "ErrorMessage", "TaskId", "AccountId", "CreatedAt",
    ];

    /// <summary>
    /// Inserts <paramref name="count"/> logs (fewer only if a generated run collides with a stored one) and returns how
    /// many were stored; <paramref name="progress"/> hears the running total after each batch. A fixed
    /// <paramref name="seed"/> gives the same logs for the same clock and fleet.
    /// </summary>
    public async Task<int> SeedAsync(int count, int seed, Action<int>? progress, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var random = new Random(seed);
        var now = clock.GetUtcNow().UtcDateTime;
        var runs = await RunnersAsync(random, now, cancellationToken);
        var starts = StartTimes(count, now, random);

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // SQLite: a connection of its own, outside the context's interceptor, with bulk-load pragmas. PostgreSQL: the context's.
        await using var ownConnection = db.Database.GetDbConnection() is SqliteConnection
            ? new SqliteConnection(db.Database.GetConnectionString())
            : null;
        var connection = ownConnection ?? db.Database.GetDbConnection();
        await connection.OpenAsync(cancellationToken);
        if (connection is SqliteConnection sqlite)
        {
            await ExecuteAsync(sqlite, "PRAGMA busy_timeout = 30000; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -262144;", cancellationToken);
        }

        await using var insert = PreparedCommands.Prepare(connection,
            $"INSERT INTO \"ExecutionLogs\" ({string.Join(", ", Columns.Select(c => $"\"{c}\""))}) " +
            $"VALUES ({string.Join(", ", Columns.Select(c => "@" + c))}) ON CONFLICT DO NOTHING",
            Columns);

        using var rollup = new RollupStore(connection);
        using var failureRollup = new FailureRollupStore(connection);
        var stored = 0;
        for (var offset = 0; offset < count; offset += BatchSize)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            insert.Transaction = transaction;
            var totals = new RollupTotals(time.Zone);
            var failures = new FailureTotals(time.Zone);
            for (var i = offset; i < Math.Min(count, offset + BatchSize); i++)
            {
                var log = Generate(runs[random.Next(runs.Count)], starts[i], now, random);
                Bind(insert, log);
                // Synchronous: SQLite does the work on this thread anyway, and the async wrapper costs per row.
                if (insert.ExecuteNonQuery() == 1)
                {
                    stored++;
                    totals.Add(log.Start, log.Runner.Account, log.Runner.App, log.Status, log.Seconds, log.Total);
                    failures.Add(log.Start, log.Runner.Account, log.Runner.App, log.Status, log.Error);
                }
            }

            // The dashboard's roll-ups, in the same transaction as the logs they count (as every writer of logs does).
            rollup.Enlist(transaction);
            rollup.Add(totals.Rows);
            failureRollup.Enlist(transaction);
            failureRollup.Add(failures);
            await transaction.CommitAsync(cancellationToken);
            progress?.Invoke(stored);
        }

        return stored;
    }

    private sealed record Runner(long AccountId, string Account, string Host, string App, long? TaskId);

    private sealed record SeededLog(
        Runner Runner, ExecutionStatus Status, DateTime Start, DateTime End, int Total, int Success, int Failed,
        string? ScreenshotUrl, string? LogUrl, string? LogContent, string? Error)
    {
        public double Seconds => (End - Start).TotalSeconds;
    }

    /// <summary>Who runs what: the stored tasks, else every account with two apps, else a generated fleet.</summary>
    private async Task<List<Runner>> RunnersAsync(Random random, DateTime now, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Accounts.AnyAsync(cancellationToken))
        {
            db.Accounts.AddRange(Enumerable.Range(1, GeneratedAccounts).Select(n => GeneratedAccount(n, now, random)));
            await db.SaveChangesAsync(cancellationToken);
        }

        var tasks = await db.Tasks.AsNoTracking()
            .Select(t => new Runner(t.AccountId, t.Account!.ShadowBotAccount, t.Account.HostIp, t.AppName, t.Id))
            .ToListAsync(cancellationToken);
        if (tasks.Count > 0)
        {
            return tasks;
        }

        var accounts = await db.Accounts.AsNoTracking().Select(a => new { a.Id, a.ShadowBotAccount, a.HostIp }).ToListAsync(cancellationToken);
        return accounts
            .SelectMany(a => random.GetItems(Apps, 2).Distinct().Select(app => new Runner(a.Id, a.ShadowBotAccount, a.HostIp, app, null)))
            .ToList();
    }

    private static Account GeneratedAccount(int number, DateTime now, Random random)
    {
        var name = $"tygj{number:D3}";
        var host = $"192.168.{10 + (number / 200)}.{(number % 200) + 20}";
        var account = new Account
        {
            ShadowBotAccount = name,
            HostIp = host,
            Port = 8080,
            TaskControl = AccountRules.TaskControl(name, host, 8080),
            CreatedAt = now.AddDays(-Days - 10),
            UpdatedAt = now.AddDays(-Days - 10),
        };
        foreach (var app in random.GetItems(Apps, 3).Distinct())
        {
            account.Tasks.Add(new RobotTask { TaskName = $"{app}-每日", AppName = app, CreatedAt = account.CreatedAt, UpdatedAt = account.CreatedAt });
        }

        return account;
    }

    /// <summary>
    /// Distinct whole-second start times in working hours (08:00–20:00 in the operators' zone, weekends quieter) over
    /// the last <see cref="Days"/> days, in order, all before now.
    /// </summary>
    private DateTime[] StartTimes(int count, DateTime now, Random random)
    {
        var today = DateOnly.FromDateTime(time.ToOperator(now));
        var days = Enumerable.Range(0, Days).Select(back => today.AddDays(-back)).ToArray();
        var weights = days.Select(d => d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 0.3 : 1.0).ToArray();
        var cumulative = new double[days.Length];
        for (var i = 0; i < days.Length; i++)
        {
            cumulative[i] = weights[i] + (i > 0 ? cumulative[i - 1] : 0);
        }

        var starts = new DateTime[count];
        for (var i = 0; i < count; i++)
        {
            var pick = Array.BinarySearch(cumulative, random.NextDouble() * cumulative[^1]);
            var day = days[pick < 0 ? ~pick : pick];
            var local = day.ToDateTime(new TimeOnly(8, 0)).AddSeconds(random.Next(12 * 3600));
            var start = time.ToUtc(local);
            starts[i] = start < now.AddHours(-2) ? start : start.AddDays(-7);
        }

        Array.Sort(starts);
        for (var i = 1; i < count; i++)
        {
            if (starts[i] <= starts[i - 1])
            {
                starts[i] = starts[i - 1].AddSeconds(1);
            }
        }

        return starts;
    }

    private static SeededLog Generate(Runner runner, DateTime start, DateTime now, Random random)
    {
        var roll = random.Next(1000);
        var status = roll switch
        {
            < 100 => ExecutionStatus.Failed,
            < 110 => ExecutionStatus.TimedOut,
            < 115 => ExecutionStatus.Stopped,
            < 120 => ExecutionStatus.Lost,
            _ => ExecutionStatus.Completed,
        };
        // Most runs take minutes; some reports run for an hour.
        var seconds = random.Next(100) < 90 ? random.Next(30, 900) : random.Next(900, 3600);
        var end = start.AddSeconds(seconds) < now ? start.AddSeconds(seconds) : now;
        var total = random.Next(100) < 10 ? 0 : random.Next(1, 300);
        var failed = status == ExecutionStatus.Completed
            ? (random.Next(100) < 80 ? 0 : random.Next(0, Math.Max(1, total / 20)))
            : random.Next(0, total + 1);
        var success = status == ExecutionStatus.Completed ? total - failed : random.Next(0, total - failed + 1);
        var folder = $"https://{ExampleStorageHost}/runs/{start:yyyy/MM/dd}/{runner.Account}/{random.NextInt64():x16}";
        var screenshot = status != ExecutionStatus.Completed || random.Next(100) < 20 ? folder + "/screenshot.png" : null;
        var logUrl = random.Next(100) < 50 ? folder + "/log.txt" : null;
        var error = status switch
        {
            ExecutionStatus.Failed => string.Format(CultureInfo.InvariantCulture, Errors[random.Next(Errors.Length)], VariablePart(start)),
            ExecutionStatus.TimedOut => "No completion callback within the run timeout (运行超时)",
            ExecutionStatus.Stopped => "Stopped by an operator (已被操作员停止)",
            ExecutionStatus.Lost => "The robot stopped sending heartbeats during the run (机器人失联)",
            _ => null,
        };
        var content = logUrl is null && random.Next(100) < 40 ? LogText(runner.App, start, total, error) : null;
        return new SeededLog(runner, status, start, end, total, success, failed, screenshot, logUrl, content, error);
    }

    // Some messages name a row or page, as real ones do, so there are many distinct messages (without drawing another
    // random number, which would change every log after it).
    private static int VariablePart(DateTime start) => (int)(start.Ticks / TimeSpan.TicksPerSecond % 400) + 1;

    private static string LogText(string app, DateTime start, int total, string? error) =>
        $"[{start:HH:mm:ss}] 开始运行 {app}\n[{start:HH:mm:ss}] 读取任务配置 config.json\n" +
        $"[{start.AddSeconds(5):HH:mm:ss}] 共 {total} 条待处理\n" +
        (error is null ? $"[{start.AddSeconds(30):HH:mm:ss}] 运行结束 / run finished\n" : $"[{start.AddSeconds(30):HH:mm:ss}] ERROR {error}\n");

    private static void Bind(DbCommand insert, SeededLog log)
    {
        var runner = log.Runner;
        object?[] values =
        [
            RunKeys.ForRun(runner.Account, runner.App, log.Start, log.End),
            $"{runner.App}：处理 {log.Total} 条，成功 {log.Success} 条，失败 {log.Failed} 条",
            runner.App, runner.Account, runner.Host, ContractName.Of(log.Status), log.Start, log.End,
            log.Seconds, log.Total, log.Success, log.Failed, log.LogUrl is not null || log.LogContent is not null,
            log.ScreenshotUrl is not null, log.ScreenshotUrl, log.LogUrl, log.LogContent, log.Error, runner.TaskId,
            runner.AccountId, log.End.AddSeconds(2),
        ];
        for (var i = 0; i < values.Length; i++)
        {
            insert.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // constant pragmas
        command.CommandText = sql;
#pragma warning restore CA2100
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
