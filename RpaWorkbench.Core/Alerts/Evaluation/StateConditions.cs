using System.Globalization;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Dispatch;
using RpaWorkbench.Core.Time;

namespace RpaWorkbench.Core.Alerts.Evaluation;

/// <summary>The conditions read from the robots' and the queue's state now.</summary>
internal sealed class StateConditions(IOptions<AccountOptions> accounts, OperatorTime operatorTime)
{
    /// <summary>
    /// <see cref="AlertRuleKind.RobotOffline"/>: a robot shown offline (no heartbeat for <c>Workbench:Accounts:OfflineAfter</c>)
    /// for more than Threshold minutes on top. A robot never heard from is not offline, it has not started yet.
    /// </summary>
    public async Task RobotOfflineAsync(RuleRound round)
    {
        var (db, rule, ct) = (round.Db, round.Rule, round.CancellationToken);
        var offlineSince = accounts.Value.OnlineSince(round.Now) - Minutes(rule);
        var offline = await RuleScope.Accounts(db.Accounts, rule)
            .Where(a => a.LastHeartbeatAt != null && a.LastHeartbeatAt < offlineSince)
            .Select(a => new { a.Id, a.ShadowBotAccount, a.HostIp, a.LastHeartbeatAt })
            .ToListAsync(ct);
        var holding = offline.Select(a => new AlertSignalText($"Robot offline: {a.ShadowBotAccount}", $"机器人离线：{a.ShadowBotAccount}")
                .Field("Host", "主机", a.HostIp)
                .Time("Last heartbeat", "最后心跳", a.LastHeartbeatAt, operatorTime)
                .For(AlertSubjects.Account(a.Id), AlertLinks.Accounts))
            .ToList();
        await round.SettleConditionAsync(holding);
    }

    /// <summary>
    /// <see cref="AlertRuleKind.QueuedTooLong"/>: a task with a run waiting for a robot longer than Threshold minutes
    /// (from when it was queued, or from the end of its retry backoff). It resolves once none of its runs waits that long.
    /// </summary>
    public static async Task QueuedTooLongAsync(RuleRound round)
    {
        var (db, rule, ct) = (round.Db, round.Rule, round.CancellationToken);
        var waitingSince = round.Now - Minutes(rule);
        var late = await RuleScope.DispatchRuns(db.DispatchRuns, rule)
            .Where(r => r.State == DispatchRunState.Waiting && (r.NotBefore ?? r.EnqueuedAt) < waitingSince)
            .GroupBy(r => new { r.TaskId, r.Task!.TaskName })
            .Select(g => new { g.Key.TaskId, g.Key.TaskName, Runs = g.Count(), Oldest = g.Min(r => r.NotBefore ?? r.EnqueuedAt) })
            .ToListAsync(ct);
        var holding = late.Select(t =>
            {
                var minutes = ((int)(round.Now - t.Oldest).TotalMinutes).ToString(CultureInfo.InvariantCulture);
                return new AlertSignalText($"Queued too long: {t.TaskName}", $"排队过久：{t.TaskName}")
                    .Line(FormattableString.Invariant($"{t.Runs} run(s) waiting for a robot, the oldest for {minutes} minutes"),
                        FormattableString.Invariant($"{t.Runs} 个运行在等待机器人，最久的已等待 {minutes} 分钟"))
                    .For(AlertSubjects.Task(t.TaskId), AlertLinks.Queue);
            })
            .ToList();
        await round.SettleConditionAsync(holding);
    }

    private static TimeSpan Minutes(AlertRule rule) => TimeSpan.FromMinutes(Math.Max(0, rule.Threshold ?? 0));
}
