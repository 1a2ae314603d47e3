using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Storage;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Core.Users;

namespace RpaWorkbench.Core.Demo;

/// <summary>The demo admin's sign-in, shown once on standard output.</summary>
internal sealed record DemoAdmin(string UserName, string Password);

/// <summary>
/// Seeds a few realistic robot accounts and tasks into an empty database, with a month of their runs
/// (<see cref="DemoHistory"/>), so a first look is not blank. Each robot runs its app at its own pace; the accounts and
/// tasks show their latest run, and 报销审核's robot, offline since yesterday, has never run. Nothing is running at seed
/// time (a running robot without a run in progress is a state nothing would ever end); a few tasks carry config JSON,
/// one a config file, and two a cron schedule, so a demo shows runs coming by themselves. A workflow of four steps
/// (<see cref="DemoWorkflow"/>) comes with a week of finished runs, and three alert rules with a week of past alerts
/// (<see cref="DemoAlerts"/>).
/// </summary>
internal sealed class DemoSeeder(
    IDbContextFactory<WorkbenchDbContext> contexts,
    ConfigFileService configFiles,
    DemoHistory history,
    TimeProvider clock,
    ILogger<DemoSeeder> logger)
{
    public const string AdminUserName = "admin";

    /// <summary>The demo's config file, on the 银行对账 task.</summary>
    public const string ConfigFileName = "bank-rules.json";

    // No look-alikes (0/O, 1/l/I), so the password can be read off a terminal and typed.
    private const string PasswordAlphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private const string BankRules = """
        {"banks":[{"name":"招商银行","statement":"csv","account_suffix":"8821"},{"name":"工商银行","statement":"xlsx","account_suffix":"0456"}],"tolerance":0.01,"notify":"finance-rpa@corp.local"}
        """;

    // Rhythm: the app's share of the runs and its median duration. Heartbeat age: tygj004 has been offline for an hour
    // (its runs stop before), caiwu02 since yesterday and has never run.
    private static readonly DemoRobot[] Robots =
    [
        new("tygj001", "192.168.10.21", 8080, "云仓收藏", new(3, TimeSpan.FromMinutes(3)), 12,
            Config: """{"warehouse":"杭州一仓","categories":["家电","数码"],"page_size":50}"""),
        new("tygj002", "192.168.10.22", 8080, "订单同步", new(2, TimeSpan.FromMinutes(4)), 5,
            Config: """{"shop":"天猫旗舰店","since_days":1,"erp":"金蝶云星空"}""", Cron: "0 9 * * 1-5"),
        new("tygj003", "192.168.10.23", 8080, "库存盘点", new(1.5, TimeSpan.FromMinutes(10)), 40),
        new("tygj004", "192.168.10.24", 8081, "发票下载", new(1.5, TimeSpan.FromMinutes(7)), 3600),
        new("caiwu01", "rpa-finance-01.corp.local", 9000, "银行对账", new(0.5, TimeSpan.FromMinutes(20)), 20,
            Config: """{"period":"yesterday","currency":"CNY"}""", ConfigFile: BankRules),
        new("caiwu02", "rpa-finance-02.corp.local", 9000, "报销审核", new(0, TimeSpan.FromMinutes(5)), 86400),
        new("kefu01", "10.8.0.15", 18080, "工单分派", new(4, TimeSpan.FromMinutes(1.5)), 30,
            Config: """{"queues":["售后","物流"],"max_per_agent":30}"""),
        new("kefu02", "fd00:8::15", 18080, "评价回复", new(6, TimeSpan.FromMinutes(1)), 8, Cron: "*/10 * * * *"),
    ];

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.Accounts.AnyAsync(cancellationToken))
        {
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var withFile = new List<(RobotTask Task, string Content)>();
        foreach (var robot in Robots)
        {
            var account = new Account
            {
                ShadowBotAccount = robot.Account,
                HostIp = robot.Host,
                Port = robot.Port,
                TaskControl = AccountRules.TaskControl(robot.Account, robot.Host, robot.Port),
                LastHeartbeatAt = now.AddSeconds(-robot.HeartbeatAgeSeconds),
                CreatedAt = now.AddDays(-DemoHistory.Days),
                UpdatedAt = now.AddDays(-1),
            };
            var task = new RobotTask
            {
                TaskName = $"{robot.App}-{(robot.Cron is null ? "手动" : "定时")}",
                AppName = robot.App,
                ConfigJson = robot.Config,
                CronExpression = robot.Cron,
                // Fires from now on: a demo does not catch up on a month of schedules at its first start.
                ScheduledThrough = robot.Cron is null ? null : now,
                CreatedAt = now.AddDays(-DemoHistory.Days),
                UpdatedAt = now.AddDays(-1),
            };
            account.Tasks.Add(task);
            db.Accounts.Add(account);
            if (robot.ConfigFile is not null)
            {
                withFile.Add((task, robot.ConfigFile));
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        foreach (var (task, content) in withFile)
        {
            task.ConfigFileKey = await StoreConfigFileAsync(task.Id, content, cancellationToken);
        }

        var tasksByApp = db.ChangeTracker.Entries<RobotTask>().ToDictionary(e => e.Entity.AppName, e => e.Entity);
        DemoWorkflow.Add(db, tasksByApp, now);
        DemoAlerts.Add(db, tasksByApp, now);
        await db.SaveChangesAsync(cancellationToken);
        var runs = await history.SeedAsync(Robots.ToDictionary(r => r.App, r => r.Rhythm), cancellationToken);
        logger.LogInformation("Demo data seeded: {Accounts} robot accounts and {Runs} runs over {Days} days in {Seconds:0.00} s",
            Robots.Length, runs, DemoHistory.Days, Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    /// <summary>
    /// Creates the admin <c>admin</c> with a random password while no user exists, and returns it; null when a user
    /// already exists. Random rather than fixed: a demo left reachable on a network must not open with a known password.
    /// </summary>
    public async Task<DemoAdmin?> SeedAdminAsync(UserService users, CancellationToken cancellationToken)
    {
        if (await users.AnyUsersAsync(cancellationToken))
        {
            return null;
        }

        var password = RandomNumberGenerator.GetString(PasswordAlphabet, 16);
        try
        {
            await users.CreateFirstAdminAsync(new NewUser(AdminUserName, "Demo admin", password, password), cancellationToken);
            logger.LogInformation("Demo admin {UserName} created; its password is printed once on standard output", AdminUserName);
            return new DemoAdmin(AdminUserName, password);
        }
        catch (RuleViolationException ex) when (ex.Code == ErrorCodes.AlreadySetUp)
        {
            return null;
        }
    }

    // The demo goes on without its file when the storage cannot be reached: the robots and tasks matter more.
    private async Task<string?> StoreConfigFileAsync(long taskId, string content, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(content);
        try
        {
            using var stream = new MemoryStream(bytes);
            return await configFiles.StoreAsync(taskId, ConfigFileName, stream, bytes.Length, cancellationToken);
        }
        catch (ObjectStoreUnavailableException ex)
        {
            logger.LogWarning(ex, "The demo config file was not stored: the storage could not be reached");
            return null;
        }
    }

    private sealed record DemoRobot(
        string Account, string Host, int Port, string App, AppRhythm Rhythm, int HeartbeatAgeSeconds,
        string? Config = null, string? Cron = null, string? ConfigFile = null);
}
