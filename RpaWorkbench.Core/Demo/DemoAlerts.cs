using RpaWorkbench.Core.Alerts;
using RpaWorkbench.Core.Alerts.Channels;
using RpaWorkbench.Core.Alerts.Evaluation;
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

        // Worded as the evaluator words them (the same text builder), so past and new alerts read alike.
        var inventory = tasksByApp["库存盘点"];
        db.Alerts.AddRange(
            Past(offline, now.AddDays(-5).AddHours(-3), TimeSpan.FromMinutes(47),
                new AlertSignalText("Robot offline: tygj003", "机器人离线：tygj003").Field("Host", "主机", "192.168.10.23")
                    .For(AlertSubjects.Account(inventory.AccountId), AlertLinks.Accounts)),
            Past(failing, now.AddDays(-3).AddHours(-6), TimeSpan.FromHours(2),
                new AlertSignalText("3 failed runs in a row: 库存盘点", "连续 3 次运行失败：库存盘点")
                    .Field("Task", "任务", "库存盘点").Field("App", "应用", "库存盘点").Field("Robot", "机器人", "tygj003")
                    .Error("盘点单导出超时").For(AlertSubjects.Task(inventory.Id), AlertLinks.Logs(app: "库存盘点", account: "tygj003"))),
            Past(rate, now.AddDays(-1).AddHours(-2), TimeSpan.FromMinutes(70),
                new AlertSignalText("Success rate 62% (under 80%): 发票下载", "成功率 62%（低于 80%）：发票下载")
                    .Line("5 of 8 runs succeeded in the last 60 minutes", "最近 60 分钟内 8 次运行，成功 5 次")
                    .For(AlertSubjects.App("发票下载"), AlertLinks.Logs(app: "发票下载"))));
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

    private static Alert Past(AlertRule rule, DateTime firedAt, TimeSpan lasted, AlertSignal signal) => new()
    {
        Rule = rule,
        RuleName = rule.Name,
        Kind = rule.Kind,
        Severity = rule.Severity,
        SubjectKey = signal.SubjectKey,
        State = AlertState.Resolved,
        TextEn = signal.TextEn,
        TextZh = signal.TextZh,
        LinkPath = signal.LinkPath,
        FiredAt = firedAt,
        LastSeenAt = firedAt + lasted,
        ResolvedAt = firedAt + lasted,
        LastNotifiedAt = firedAt,
    };
}
