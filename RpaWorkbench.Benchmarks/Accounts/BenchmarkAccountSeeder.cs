using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Tasks;

namespace RpaWorkbench.Benchmarks.Accounts;

/// <summary>
/// Seeds a realistic fleet of robot accounts (tygj00001…): two logins per machine, machines a mix of LAN IPv4
/// addresses and host names, mixed statuses and heartbeats, and 1–3 tasks on about a third of the accounts.
/// </summary>
public static class BenchmarkAccountSeeder
{
    // Fixed, so every run measures the same data.
    private const int RandomSeed = 20261125;

    private static readonly string[] Departments = ["finance", "ops", "kefu", "warehouse"];
    private static readonly int[] Ports = [8080, 8081, 9000, 18080];

    /// <summary>The apps the fleet runs; every task is for one of them.</summary>
    public static IReadOnlyList<string> Apps { get; } = ["云仓收藏", "订单同步", "库存盘点", "发票下载", "银行对账", "报销审核", "工单分派", "评价回复"];

    /// <summary>The login of the account with this number (1-based): tygj00001, tygj00002, …</summary>
    public static string AccountName(int number) => string.Create(CultureInfo.InvariantCulture, $"tygj{number:D5}");

    /// <summary>Inserts <paramref name="count"/> accounts and their tasks in one transaction.</summary>
    public static async Task SeedAsync(IDbContextFactory<WorkbenchDbContext> contexts, int count, DateTime now, CancellationToken cancellationToken)
    {
        var random = new Random(RandomSeed);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.Accounts.AddRange(Enumerable.Range(1, count).Select(number => CreateAccount(number, now, random)));
        await db.SaveChangesAsync(cancellationToken);
    }

    private static Account CreateAccount(int number, DateTime now, Random random)
    {
        var name = AccountName(number);
        var host = MachineHost((number - 1) / 2);
        var port = Ports[random.Next(Ports.Length)];
        var status = RandomStatus(random);
        var app = Apps[random.Next(Apps.Count)];
        var createdAt = now.AddDays(-random.Next(30, 400));

        var account = new Account
        {
            ShadowBotAccount = name,
            HostIp = host,
            Port = port,
            Status = status,
            RecentApp = status == AccountStatus.Pending && random.Next(2) == 0 ? null : app,
            EndTime = status is AccountStatus.Completed or AccountStatus.Failed ? now.AddMinutes(-random.Next(1, 7 * 24 * 60)) : null,
            TaskControl = AccountRules.TaskControl(name, host, port),
            LastHeartbeatAt = RandomHeartbeat(now, random),
            CreatedAt = createdAt,
            UpdatedAt = createdAt.AddDays(random.Next(0, 30)),
        };

        var taskCount = random.Next(100) < 35 ? random.Next(1, 4) : 0;
        for (var i = 0; i < taskCount; i++)
        {
            account.Tasks.Add(CreateTask(i == 0 ? app : Apps[random.Next(Apps.Count)], status == AccountStatus.Running && i == 0, createdAt, now, random));
        }

        return account;
    }

    private static RobotTask CreateTask(string app, bool running, DateTime createdAt, DateTime now, Random random)
    {
        var scheduled = random.Next(2) == 0;
        return new RobotTask
        {
            TaskName = scheduled ? $"{app}-每日" : $"{app}-补跑",
            AppName = app,
            Status = running ? RobotTaskStatus.Running : RobotTaskStatus.Pending,
            LastRunTime = now.AddHours(-random.Next(1, 72)),
            CronExpression = scheduled ? "0 9 * * 1-5" : null,
            TriggerTime = scheduled ? null : now.AddHours(random.Next(1, 48)),
            ScheduledThrough = now,
            CreatedAt = createdAt,
            UpdatedAt = createdAt,
        };
    }

    // 60% LAN addresses, 30% host names, 10% addresses on the VPN subnet.
    private static string MachineHost(int machine) => (machine % 10) switch
    {
        < 6 => string.Create(CultureInfo.InvariantCulture, $"192.168.{machine / 250 % 256}.{(machine % 250) + 1}"),
        < 9 => string.Create(CultureInfo.InvariantCulture, $"rpa-{Departments[machine % Departments.Length]}-{machine:D4}.corp.local"),
        _ => string.Create(CultureInfo.InvariantCulture, $"10.8.{machine / 250 % 256}.{(machine % 250) + 1}"),
    };

    private static AccountStatus RandomStatus(Random random) => random.Next(100) switch
    {
        < 45 => AccountStatus.Completed,
        < 65 => AccountStatus.Running,
        < 75 => AccountStatus.Failed,
        _ => AccountStatus.Pending,
    };

    // 10% never reported, 60% online (within the 90 s default), the rest silent for minutes to weeks.
    private static DateTime? RandomHeartbeat(DateTime now, Random random) => random.Next(100) switch
    {
        < 10 => null,
        < 70 => now.AddSeconds(-random.Next(0, 80)),
        _ => now.AddMinutes(-random.Next(2, 30 * 24 * 60)),
    };
}
