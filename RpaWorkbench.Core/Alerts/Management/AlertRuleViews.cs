namespace RpaWorkbench.Core.Alerts.Management;

/// <summary>Turns stored rules into <see cref="AlertRuleView"/>s, reading the names they refer to in one query per kind of name.</summary>
internal static class AlertRuleViews
{
    public static async Task<IReadOnlyList<AlertRuleView>> OfAsync(WorkbenchDbContext db, IReadOnlyList<AlertRule> rules, CancellationToken cancellationToken)
    {
        var accountIds = rules.Select(r => r.AccountId).OfType<long>().Distinct().ToList();
        var groupIds = rules.Select(r => r.GroupId).OfType<long>().Distinct().ToList();
        var taskIds = rules.Select(r => r.TaskId).OfType<long>().Distinct().ToList();
        var channelIds = rules.SelectMany(r => r.ChannelIds).Distinct().ToList();

        var accounts = await db.Accounts.AsNoTracking().Where(a => accountIds.Contains(a.Id))
            .ToDictionaryAsync(a => a.Id, a => a.TaskControl, cancellationToken);
        var groups = await db.RobotGroups.AsNoTracking().Where(g => groupIds.Contains(g.Id))
            .ToDictionaryAsync(g => g.Id, g => g.Name, cancellationToken);
        var tasks = await db.Tasks.AsNoTracking().Where(t => taskIds.Contains(t.Id))
            .ToDictionaryAsync(t => t.Id, t => t.TaskName, cancellationToken);
        var channels = await db.AlertChannels.AsNoTracking().Where(c => channelIds.Contains(c.Id))
            .ToDictionaryAsync(c => c.Id, c => new AlertRuleChannel(c.Id, c.Name, c.Kind, c.Enabled), cancellationToken);

        return rules.Select(r => new AlertRuleView(
            r.Id, r.Name, r.Kind, r.Enabled, r.Severity,
            new AlertRuleScope(r.AppName, r.AccountId, NameOf(accounts, r.AccountId), r.GroupId, NameOf(groups, r.GroupId), r.TaskId, NameOf(tasks, r.TaskId)),
            r.Threshold, r.Percent, r.WindowMinutes, r.MinRuns, r.GroupBy,
            r.ChannelIds.Where(channels.ContainsKey).Select(id => channels[id]).OrderBy(c => c.Name, StringComparer.Ordinal).ToList(),
            r.DedupMinutes, HourMinute.Text(r.QuietFrom), HourMinute.Text(r.QuietTo), r.SendResolved, r.CreatedBy, r.CreatedAt, r.UpdatedAt, r.Version)).ToList();
    }

    private static string? NameOf(Dictionary<long, string> names, long? id) => id is { } key && names.TryGetValue(key, out var name) ? name : null;
}
