using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Alerts;
using RpaWorkbench.Core.Alerts.Channels;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Tasks;

namespace RpaWorkbench.Tests.Alerts;

/// <summary>
/// Rows alert rules refer to, written straight into the database: channels (managing them is the channel service's,
/// tested on its own), and an account with a task for rules scoped to them.
/// </summary>
public static class RuleTestData
{
    public static async Task<long> ChannelAsync(Func<Task<WorkbenchDbContext>> contexts, string name, AlertChannelKind kind = AlertChannelKind.DingTalk)
    {
        await using var db = await contexts();
        var channel = new AlertChannel { Name = name, Kind = kind, CreatedBy = "admin-user", UrlHint = "https://oapi.dingtalk.com/robot/send?access_token=…a1b2" };
        db.AlertChannels.Add(channel);
        await db.SaveChangesAsync();
        return channel.Id;
    }

    /// <summary>A robot account and one task on it: (account id, task id).</summary>
    public static async Task<(long AccountId, long TaskId)> TaskAsync(Func<Task<WorkbenchDbContext>> contexts, string account, string taskName)
    {
        await using var db = await contexts();
        var robot = new Account { ShadowBotAccount = account, HostIp = "10.0.0.1", Port = 8080, TaskControl = $"{account}-10.0.0.1:8080" };
        db.Accounts.Add(robot);
        await db.SaveChangesAsync();
        var task = new RobotTask { TaskName = taskName, AppName = "云仓收藏", AccountId = robot.Id };
        db.Tasks.Add(task);
        await db.SaveChangesAsync();
        return (robot.Id, task.Id);
    }
}
