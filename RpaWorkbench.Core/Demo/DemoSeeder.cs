using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Common;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Core.Users;

namespace RpaWorkbench.Core.Demo;

/// <summary>The demo admin's sign-in, shown once on standard output.</summary>
public sealed record DemoAdmin(string UserName, string Password);

/// <summary>Seeds a few realistic robot accounts and tasks into an empty database so a first look is not blank.</summary>
public sealed class DemoSeeder(IDbContextFactory<WorkbenchDbContext> contexts, TimeProvider clock, ILogger<DemoSeeder> logger)
{
    public const string AdminUserName = "admin";

    // No look-alikes (0/O, 1/l/I), so the password can be read off a terminal and typed.
    private const string PasswordAlphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private static readonly (string Account, string Host, int Port, AccountStatus Status, string App, int HeartbeatAgeSeconds)[] Robots =
    [
        ("tygj001", "192.168.10.21", 8080, AccountStatus.Completed, "云仓收藏", 12),
        ("tygj002", "192.168.10.22", 8080, AccountStatus.Running, "订单同步", 5),
        ("tygj003", "192.168.10.23", 8080, AccountStatus.Failed, "库存盘点", 40),
        ("tygj004", "192.168.10.24", 8081, AccountStatus.Pending, "发票下载", 3600),
        ("caiwu01", "rpa-finance-01.corp.local", 9000, AccountStatus.Completed, "银行对账", 20),
        ("caiwu02", "rpa-finance-02.corp.local", 9000, AccountStatus.Pending, "报销审核", 86400),
        ("kefu01", "10.8.0.15", 18080, AccountStatus.Completed, "工单分派", 30),
        ("kefu02", "fd00:8::15", 18080, AccountStatus.Running, "评价回复", 8),
    ];

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.Accounts.AnyAsync(cancellationToken))
        {
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var robot in Robots)
        {
            var account = new Account
            {
                ShadowBotAccount = robot.Account,
                HostIp = robot.Host,
                Port = robot.Port,
                Status = robot.Status,
                RecentApp = robot.App,
                EndTime = robot.Status is AccountStatus.Completed or AccountStatus.Failed ? now.AddMinutes(-17) : null,
                TaskControl = AccountRules.TaskControl(robot.Account, robot.Host, robot.Port),
                LastHeartbeatAt = now.AddSeconds(-robot.HeartbeatAgeSeconds),
                CreatedAt = now.AddDays(-30),
                UpdatedAt = now.AddDays(-1),
            };
            account.Tasks.Add(new RobotTask
            {
                TaskName = $"{robot.App}-每日",
                AppName = robot.App,
                Status = robot.Status == AccountStatus.Running ? RobotTaskStatus.Running : RobotTaskStatus.Pending,
                CronExpression = "0 9 * * 1-5",
                ScheduledThrough = now,
                CreatedAt = now.AddDays(-30),
                UpdatedAt = now.AddDays(-1),
            });
            db.Accounts.Add(account);
        }

        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Demo data seeded: {Count} robot accounts", Robots.Length);
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
}
