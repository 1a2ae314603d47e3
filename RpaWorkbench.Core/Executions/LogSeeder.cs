using System.Data.Common;
using Microsoft.Data.Sqlite;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Dashboard;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Core.Time;

namespace RpaWorkbench.Core.Executions;

/// <summary>
/// Generates realistic execution logs in bulk (<c>seed-logs &lt;N&gt;</c>, benchmarks, the demo's history): runs of the
/// stored tasks (or of a generated fleet when there are no accounts) as a <see cref="LogHistory"/> describes them, in
/// the operators' working hours, ended by the time of seeding. Rows go in start-time order through one prepared
/// statement in large transactions, so every index grows at its end; each transaction also adds its logs to the
/// dashboard's roll-ups. Afterwards the accounts and tasks show their newest run, as the runs' callbacks would have left them.
/// </summary>
public sealed class LogSeeder(IDbContextFactory<WorkbenchDbContext> contexts, OperatorTime time, TimeProvider clock)
{
    /// <summary>Where generated screenshot and log links point by default: a reserved example domain, never fetched.</summary>
    public const string ExampleStorageHost = "rpa-logs.oss-cn-hangzhou.example.com";

    /// <summary>
    /// The benchmarks' failure messages: two kinds name a row or page (<c>{0}</c>), so there are about 800 distinct
    /// messages, as the failure roll-up meets them in a real fleet.
    /// </summary>
    public static readonly IReadOnlyList<string> VariedErrors =
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

    private const int BatchSize = 20_000;
    private const int GeneratedAccounts = 40;
    private const int WorkdayStartHour = 8;
    private const int WorkdayHours = 12;

    // How far durations spread around an app's median (log-normal): the slowest 1% take about 6x the median.
    private const double DurationSpread = 0.8;
    private static readonly TimeSpan ShortestRun = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan LongestRun = TimeSpan.FromHours(4);

    // Runs start at least this long before the time of seeding, so few of them are cut short by it.
    private static readonly TimeSpan LatestStart = TimeSpan.FromMinutes(10);

    private static readonly string[] Apps = ["云仓收藏", "订单同步", "库存盘点", "发票下载", "银行对账", "报销审核", "工单分派", "评价回复"];

    private static readonly string[] Columns =
    [
        "DedupKey", "Text", "AppName", "ShadowBotAccount", "HostIp", "Status", "StartTime", "EndTime", "DurationSeconds",
        "TotalItems", "SuccessItems", "FailedItems", "LogInfo", "Screenshot", "ScreenshotUrl", "LogUrl", "LogContent",
        "ErrorMessage", "TaskId", "AccountId", "CreatedAt",
    ];

    /// <summary>Inserts <paramref name="count"/> logs of the benchmarks' kind (<see cref="LogHistory"/>'s defaults); see the other overload.</summary>
    public Task<int> SeedAsync(int count, int seed, Action<int>? progress, CancellationToken cancellationToken) =>
        SeedAsync(new LogHistory { Runs = count, Seed = seed }, progress, cancellationToken);

    /// <summary>
    /// Inserts the runs <paramref name="history"/> describes and returns how many were stored (fewer only when a
    /// generated run collides with a stored one, or no robot was heard from when it would start);
    /// <paramref name="progress"/> hears the running total after each batch.
    /// </summary>
    public async Task<int> SeedAsync(LogHistory history, Action<int>? progress, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(history.Runs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(history.Days);
        var random = new Random(history.Seed);
        var now = clock.GetUtcNow().UtcDateTime;
        var runners = new RunnerPicker(await RunnersAsync(history, random, now, cancellationToken));
        var starts = StartTimes(history, now, random);

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

        using var rollups = new RollupWriter(connection);
        var latest = new LatestRuns();
        var stored = 0;
        for (var offset = 0; offset < starts.Length; offset += BatchSize)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            insert.Transaction = transaction;
            var runs = new RollupBatch(time.Zone);
            for (var i = offset; i < Math.Min(starts.Length, offset + BatchSize); i++)
            {
                if (runners.Pick(starts[i], random) is not { } runner)
                {
                    continue;
                }

                var log = Generate(history, runner, starts[i], now, random);
                Bind(insert, log);
                // Synchronous: SQLite does the work on this thread anyway, and the async wrapper costs per row.
                if (insert.ExecuteNonQuery() == 1)
                {
                    stored++;
                    runs.Add(log.Start, runner.Account, runner.App, log.Status, log.Seconds, log.Total, log.Error);
                    latest.Add(log);
                }
            }

            // The dashboard's roll-ups, in the same transaction as the logs they count (as every writer of logs does).
            rollups.Enlist(transaction);
            rollups.Add(runs);
            await transaction.CommitAsync(cancellationToken);
            progress?.Invoke(stored);
        }

        await latest.ApplyAsync(db, cancellationToken);
        return stored;
    }

    /// <summary>Who runs what: the stored tasks, else every account with two apps, else a generated fleet.</summary>
    private async Task<List<Runner>> RunnersAsync(LogHistory history, Random random, DateTime now, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Accounts.AnyAsync(cancellationToken))
        {
            var created = now.AddDays(-history.Days - 10);
            db.Accounts.AddRange(Enumerable.Range(1, GeneratedAccounts).Select(n => GeneratedAccount(n, created, random)));
            await db.SaveChangesAsync(cancellationToken);
        }

        // In id order, so the same seed picks the same runners on every database.
        var runners = await db.Tasks.AsNoTracking()
            .OrderBy(t => t.Id)
            .Select(t => new Runner(t.AccountId, t.Account!.ShadowBotAccount, t.Account.HostIp, t.AppName, t.Id, t.Account.LastHeartbeatAt))
            .ToListAsync(cancellationToken);
        if (runners.Count == 0)
        {
            var accounts = await db.Accounts.AsNoTracking().OrderBy(a => a.Id).Select(a => new { a.Id, a.ShadowBotAccount, a.HostIp, a.LastHeartbeatAt }).ToListAsync(cancellationToken);
            runners = accounts
                .SelectMany(a => random.GetItems(Apps, 2).Distinct().Select(app => new Runner(a.Id, a.ShadowBotAccount, a.HostIp, app, null, a.LastHeartbeatAt)))
                .ToList();
        }

        return [.. runners.Select(r => r with { Rhythm = history.Apps.GetValueOrDefault(r.App, AppRhythm.Default) })];
    }

    private static Account GeneratedAccount(int number, DateTime created, Random random)
    {
        var name = $"tygj{number:D3}";
        var host = $"192.168.{10 + (number / 200)}.{(number % 200) + 20}";
        var account = new Account
        {
            ShadowBotAccount = name,
            HostIp = host,
            Port = 8080,
            TaskControl = AccountRules.TaskControl(name, host, 8080),
            CreatedAt = created,
            UpdatedAt = created,
        };
        foreach (var app in random.GetItems(Apps, 3).Distinct())
        {
            account.Tasks.Add(new RobotTask { TaskName = $"{app}-每日", AppName = app, CreatedAt = created, UpdatedAt = created });
        }

        return account;
    }

    /// <summary>
    /// Distinct whole-second start times in working hours (08:00–20:00 in the operators' zone, weekends quieter) on the
    /// last <see cref="LogHistory.Days"/> days, today's only up to shortly before now; in order.
    /// </summary>
    private DateTime[] StartTimes(LogHistory history, DateTime now, Random random)
    {
        var today = DateOnly.FromDateTime(time.ToOperator(now));
        var latest = now - LatestStart;
        var windows = Enumerable.Range(0, history.Days)
            .Select(back => today.AddDays(-back))
            .Select(day => (Day: day, Start: time.ToUtc(day.ToDateTime(new TimeOnly(WorkdayStartHour, 0)))))
            .Select(w => (w.Day, w.Start, Seconds: (int)Math.Clamp((latest - w.Start).TotalSeconds, 0, WorkdayHours * 3600)))
            .ToArray();
        var cumulative = new double[windows.Length];
        for (var i = 0; i < windows.Length; i++)
        {
            var weight = windows[i].Day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 0.3 : 1.0;
            cumulative[i] = weight * windows[i].Seconds + (i > 0 ? cumulative[i - 1] : 0);
        }

        if (cumulative[^1] == 0)
        {
            return [];
        }

        var starts = new DateTime[history.Runs];
        for (var i = 0; i < starts.Length; i++)
        {
            var pick = Array.BinarySearch(cumulative, random.NextDouble() * cumulative[^1]);
            var window = windows[Math.Min(pick < 0 ? ~pick : pick, windows.Length - 1)];
            starts[i] = window.Start.AddSeconds(random.Next(Math.Max(window.Seconds, 1)));
        }

        Array.Sort(starts);
        for (var i = 1; i < starts.Length; i++)
        {
            if (starts[i] <= starts[i - 1])
            {
                starts[i] = starts[i - 1].AddSeconds(1);
            }
        }

        return starts;
    }

    private SeededLog Generate(LogHistory history, Runner runner, DateTime start, DateTime now, Random random)
    {
        var status = Ending(history.Endings, random.Next(1000));
        var end = Min(start + Duration(runner.Rhythm.MedianDuration, random), now, runner.LastSeen ?? now);
        var total = random.Next(100) < 10 ? 0 : random.Next(1, 300);
        var failed = status == ExecutionStatus.Completed
            ? (random.Next(100) < 80 ? 0 : random.Next(0, Math.Max(1, total / 20)))
            : random.Next(0, total + 1);
        var success = status == ExecutionStatus.Completed ? total - failed : random.Next(0, total - failed + 1);
        var error = status switch
        {
            ExecutionStatus.Failed => string.Format(CultureInfo.InvariantCulture, history.Errors[random.Next(history.Errors.Count)], VariablePart(start)),
            ExecutionStatus.TimedOut => "No completion callback within the run timeout (运行超时)",
            ExecutionStatus.Stopped => "Stopped by an operator (已被操作员停止)",
            ExecutionStatus.Lost => "The robot stopped sending heartbeats during the run (机器人失联)",
            _ => null,
        };
        var (screenshot, logUrl) = history.FailureFiles is { } files
            ? (status == ExecutionStatus.Failed && files.TryGetValue(error!, out var stored) ? (stored.ScreenshotUrl, stored.LogUrl) : (null, null))
            : ExampleLinks(runner, start, status, random);
        var content = logUrl is null && random.Next(100) < 40 ? LogText(runner.App, time.ToOperator(start), total, error) : null;
        return new SeededLog(runner, status, start, end, total, success, failed, screenshot, logUrl, content, error);
    }

    private static ExecutionStatus Ending(RunEndings endings, int roll)
    {
        (ExecutionStatus Status, int PerMille)[] shares =
            [(ExecutionStatus.Failed, endings.Failed), (ExecutionStatus.TimedOut, endings.TimedOut), (ExecutionStatus.Stopped, endings.Stopped), (ExecutionStatus.Lost, endings.Lost)];
        foreach (var (status, perMille) in shares)
        {
            if (roll < perMille)
            {
                return status;
            }

            roll -= perMille;
        }

        return ExecutionStatus.Completed;
    }

    // Log-normal around the median, in whole seconds (a standard normal from two uniforms, Box-Muller).
    private static TimeSpan Duration(TimeSpan median, Random random)
    {
        var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var seconds = Math.Round(median.TotalSeconds * Math.Exp(DurationSpread * normal));
        return TimeSpan.FromSeconds(Math.Clamp(seconds, ShortestRun.TotalSeconds, LongestRun.TotalSeconds));
    }

    private static DateTime Min(DateTime a, DateTime b, DateTime c) => new(Math.Min(a.Ticks, Math.Min(b.Ticks, c.Ticks)), DateTimeKind.Utc);

    // What robots report: a per-run folder on an example host; a screenshot for every run that did not complete.
    private static (string? Screenshot, string? Log) ExampleLinks(Runner runner, DateTime start, ExecutionStatus status, Random random)
    {
        var folder = $"https://{ExampleStorageHost}/runs/{start:yyyy/MM/dd}/{runner.Account}/{random.NextInt64():x16}";
        var screenshot = status != ExecutionStatus.Completed || random.Next(100) < 20 ? folder + "/screenshot.png" : null;
        return (screenshot, random.Next(100) < 50 ? folder + "/log.txt" : null);
    }

    // Some messages name a row or page, as real ones do, so there are many distinct messages (without drawing another
    // random number, which would change every log after it).
    private static int VariablePart(DateTime start) => (int)(start.Ticks / TimeSpan.TicksPerSecond % 400) + 1;

    // Robots write their logs in local time.
    private static string LogText(string app, DateTime localStart, int total, string? error) =>
        $"[{localStart:HH:mm:ss}] 开始运行 {app}\n[{localStart:HH:mm:ss}] 读取任务配置 config.json\n" +
        $"[{localStart.AddSeconds(5):HH:mm:ss}] 共 {total} 条待处理\n" +
        (error is null ? $"[{localStart.AddSeconds(30):HH:mm:ss}] 运行结束 / run finished\n" : $"[{localStart.AddSeconds(30):HH:mm:ss}] ERROR {error}\n");

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
            runner.AccountId, log.CreatedAt,
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

/// <summary>One generated run as it is stored.</summary>
internal sealed record SeededLog(
    Runner Runner, ExecutionStatus Status, DateTime Start, DateTime End, int Total, int Success, int Failed,
    string? ScreenshotUrl, string? LogUrl, string? LogContent, string? Error)
{
    public double Seconds => (End - Start).TotalSeconds;

    /// <summary>When the Workbench stored it: a moment after the run ended, as a callback arrives.</summary>
    public DateTime CreatedAt => End.AddSeconds(2);
}
