using RpaWorkbench.Core.Alerts;
using RpaWorkbench.Core.Alerts.Channels;
using RpaWorkbench.Core.Tasks;

namespace RpaWorkbench.Core.Demo;

/// <summary>
/// The demo's alert rules — robots offline for 30 minutes, a task failing three times in a row, an app's success rate
/// under 80 % over an hour — and a week of their past alerts, so the alert pages are not blank. The rules notify no
/// channel (a demo sends nothing off the machine): add one on the channels page to hear about them.
/// </summary>
internal static class DemoAlerts
{
    public const string OfflineRule = "机器人离线超过 30 分钟";
    public const string FailingRule = "任务连续失败 3 次";
    public const string RateRule = "应用成功率低于 80%";

    public static void Add(WorkbenchDbContext db, IReadOnlyDictionary<string, RobotTask> tasksByApp, DateTime now)
    {
        var created = now.AddDays(-DemoHistory.Days);
        var offline = Rule(OfflineRule, AlertRuleKind.RobotOffline, AlertSeverity.Critical, created, r => r.Threshold = 30);
        var failing = Rule(FailingRule, AlertRuleKind.FailuresInARow, AlertSeverity.Warning, created, r => r.Threshold = 3);
        var rate = Rule(RateRule, AlertRuleKind.SuccessRateBelow, AlertSeverity.Warning, created, r =>
        {
            r.Percent = 80;
            r.WindowMinutes = 60;
            r.MinRuns = 5;
            r.GroupBy = AlertGroupBy.App;
        });
        db.AlertRules.AddRange(offline, failing, rate);

        var inventory = tasksByApp["库存盘点"];
        db.Alerts.AddRange(
            Past(offline, $"account:{inventory.AccountId}", now.AddDays(-5).AddHours(-3), TimeSpan.FromMinutes(47),
                new AlertText("Robot offline for 30 minutes: tygj003", ["Last heartbeat: 35 minutes ago", "App: 库存盘点"]),
                new AlertText("机器人离线超过 30 分钟：tygj003", ["最后心跳：35 分钟前", "应用：库存盘点"]), "/accounts"),
            Past(failing, $"task:{inventory.Id}", now.AddDays(-3).AddHours(-6), TimeSpan.FromHours(2),
                new AlertText("Task failed 3 times in a row: 库存盘点", ["Robot: tygj003", "Last error: 盘点单导出超时"]),
                new AlertText("任务连续失败 3 次：库存盘点", ["机器人：tygj003", "最近错误：盘点单导出超时"]), "/logs?account=tygj003&app=库存盘点&status=failed"),
            Past(rate, "app:发票下载", now.AddDays(-1).AddHours(-2), TimeSpan.FromMinutes(70),
                new AlertText("Success rate 62 % (under 80 %): 发票下载", ["Last 60 minutes: 5 of 8 runs succeeded"]),
                new AlertText("成功率 62%（低于 80%）：发票下载", ["最近 60 分钟：8 次运行成功 5 次"]), "/logs?app=发票下载"));
    }

    private static AlertRule Rule(string name, AlertRuleKind kind, AlertSeverity severity, DateTime created, Action<AlertRule> figures)
    {
        var rule = new AlertRule
        {
            Name = name, Kind = kind, Severity = severity, DedupMinutes = 60, CreatedBy = DemoSeeder.AdminUserName,
            CreatedAt = created, UpdatedAt = created,
        };
        figures(rule);
        return rule;
    }

    private static Alert Past(AlertRule rule, string subject, DateTime firedAt, TimeSpan lasted, AlertText en, AlertText zh, string link) => new()
    {
        Rule = rule,
        RuleName = rule.Name,
        Kind = rule.Kind,
        Severity = rule.Severity,
        SubjectKey = subject,
        State = AlertState.Resolved,
        TextEn = en,
        TextZh = zh,
        LinkPath = link,
        FiredAt = firedAt,
        LastSeenAt = firedAt + lasted,
        ResolvedAt = firedAt + lasted,
        LastNotifiedAt = firedAt,
    };
}
