using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.Alerts;
using RpaWorkbench.Core.Alerts.Channels;
using RpaWorkbench.Core.Data;

namespace RpaWorkbench.Tests.Alerts;

/// <summary>
/// Alerts for the history's tests, raised through the real <see cref="AlertRaiser"/>: a critical "failures in a row"
/// alert firing on a DingTalk channel whose message was delivered, and a warning "run failed" occurrence whose message
/// failed. Names carry a prefix so tests sharing a database find their own.
/// </summary>
internal static class HistorySeed
{
    public sealed record Seeded(long ChannelId, long FiringRuleId, long FiringId, long OccurredId);

    public static async Task<Seeded> RaiseAsync(IServiceProvider services, string prefix, CancellationToken cancellationToken)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<WorkbenchDbContext>>().CreateDbContextAsync(cancellationToken);
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var channel = new AlertChannel { Name = prefix + " 运维群", Kind = AlertChannelKind.DingTalk, CreatedBy = "test", CreatedAt = now, UpdatedAt = now };
        db.AlertChannels.Add(channel);
        await db.SaveChangesAsync(cancellationToken);
        var inARow = Rule(prefix + " 连续失败", AlertRuleKind.FailuresInARow, AlertSeverity.Critical, channel.Id, now);
        var failed = Rule(prefix + " 运行失败", AlertRuleKind.RunFailed, AlertSeverity.Warning, channel.Id, now);
        db.AlertRules.AddRange(inARow, failed);
        await db.SaveChangesAsync(cancellationToken);

        var raiser = services.GetRequiredService<AlertRaiser>();
        var firing = await raiser.FireAsync(db, inARow, new AlertSignal("task:7",
            new AlertText("Task failed 3 times in a row: 日报下载", ["Robot: tygj001", "Last error: 登录超时"]),
            new AlertText("任务连续失败 3 次：日报下载", ["机器人：tygj001", "最近错误：登录超时"]), "/logs?task=7"), cancellationToken);
        var occurred = await raiser.FireAsync(db, failed, new AlertSignal("task:8",
            new AlertText("Run failed: 月报汇总", ["Robot: tygj002"]), new AlertText("运行失败：月报汇总", ["机器人：tygj002"]), null), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);

        var messages = await db.AlertNotifications.Where(n => n.ChannelId == channel.Id).ToListAsync(cancellationToken);
        Settle(messages.Single(n => n.AlertId == firing.Id), AlertNotificationState.Delivered, 200, """{"errcode":0,"errmsg":"ok"}""", now);
        Settle(messages.Single(n => n.AlertId == occurred.Id), AlertNotificationState.Failed, 200, """{"errcode":310000,"errmsg":"sign not match"}""", now);
        await db.SaveChangesAsync(cancellationToken);
        return new Seeded(channel.Id, inARow.Id, firing.Id, occurred.Id);
    }

    private static AlertRule Rule(string name, AlertRuleKind kind, AlertSeverity severity, long channelId, DateTime now) =>
        new() { Name = name, Kind = kind, Severity = severity, Threshold = 3, ChannelIds = [channelId], CreatedBy = "test", CreatedAt = now, UpdatedAt = now };

    private static void Settle(AlertNotification message, AlertNotificationState state, int status, string answer, DateTime now)
    {
        message.State = state;
        message.Status = status;
        message.Answer = answer;
        message.Attempts = 1;
        message.SentAt = now;
    }
}
