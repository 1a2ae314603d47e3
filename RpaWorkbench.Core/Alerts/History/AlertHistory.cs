using RpaWorkbench.Core.Alerts.Channels;
using RpaWorkbench.Core.Common;

namespace RpaWorkbench.Core.Alerts.History;

/// <summary>
/// The alert history and the delivery history, as the pages, REST and MCP read them. Any signed-in role may read;
/// nothing here changes an alert.
/// </summary>
public sealed class AlertHistory(IDbContextFactory<WorkbenchDbContext> contexts, ICurrentUser user)
{
    private static readonly AlertNotificationState[] WaitingStates =
        [AlertNotificationState.Pending, AlertNotificationState.Held, AlertNotificationState.Sending];

    /// <summary>One page of alerts, newest first, and the number of matches.</summary>
    public async Task<PageResult<AlertRow>> ListAsync(AlertQuery query, CancellationToken cancellationToken)
    {
        user.RequireRead();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var alerts = db.Alerts.AsNoTracking();
        if (query.State is { } state)
        {
            alerts = alerts.Where(a => a.State == state);
        }

        if (query.Severity is { } severity)
        {
            alerts = alerts.Where(a => a.Severity == severity);
        }

        if (query.Kind is { } kind)
        {
            alerts = alerts.Where(a => a.Kind == kind);
        }

        if (query.RuleId is { } ruleId)
        {
            alerts = alerts.Where(a => a.RuleId == ruleId);
        }

        if (query.Since is { } since)
        {
            alerts = alerts.Where(a => a.FiredAt >= since);
        }

        var total = await alerts.CountAsync(cancellationToken);
        var pageSize = Math.Clamp(query.PageSize, 1, AlertQuery.MaxPageSize);
        var items = await Rows(db, alerts.OrderByDescending(a => a.FiredAt).ThenByDescending(a => a.Id)
                .Skip(Math.Max(query.Page, 0) * pageSize).Take(pageSize))
            .ToListAsync(cancellationToken);
        return new PageResult<AlertRow>(items, total);
    }

    /// <summary>One alert.</summary>
    /// <exception cref="RuleViolationException">No such alert (<see cref="ErrorCodes.NotFound"/>).</exception>
    public async Task<AlertRow> GetAsync(long id, CancellationToken cancellationToken)
    {
        user.RequireRead();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await Rows(db, db.Alerts.AsNoTracking().Where(a => a.Id == id)).FirstOrDefaultAsync(cancellationToken)
            ?? throw new RuleViolationException(ErrorCodes.NotFound, $"Alert {id} does not exist.");
    }

    /// <summary>One page of messages to channels, newest first, and the number of matches.</summary>
    public async Task<PageResult<AlertDeliveryRow>> ListDeliveriesAsync(AlertDeliveryQuery query, CancellationToken cancellationToken)
    {
        user.RequireRead();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var notifications = db.AlertNotifications.AsNoTracking();
        if (query.ChannelId is { } channelId)
        {
            notifications = notifications.Where(n => n.ChannelId == channelId);
        }

        if (query.State is { } state)
        {
            notifications = notifications.Where(n => n.State == state);
        }

        if (query.AlertId is { } alertId)
        {
            notifications = notifications.Where(n => n.AlertId == alertId);
        }

        var total = await notifications.CountAsync(cancellationToken);
        var pageSize = Math.Clamp(query.PageSize, 1, AlertDeliveryQuery.MaxPageSize);
        var page = await notifications.OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id)
            .Skip(Math.Max(query.Page, 0) * pageSize).Take(pageSize)
            .ToListAsync(cancellationToken);
        return new PageResult<AlertDeliveryRow>([.. page.Select(DeliveryRow)], total);
    }

    private static IQueryable<AlertRow> Rows(WorkbenchDbContext db, IQueryable<Alert> alerts) =>
        alerts.Select(a => new AlertRow(a.Id, a.RuleId, a.RuleName, a.Kind, a.Severity, a.SubjectKey, a.State, a.TextEn, a.TextZh,
            a.LinkPath, a.FiredAt, a.LastSeenAt, a.Occurrences, a.ResolvedAt,
            db.AlertNotifications.Count(n => n.AlertId == a.Id && n.State == AlertNotificationState.Delivered),
            db.AlertNotifications.Count(n => n.AlertId == a.Id && WaitingStates.Contains(n.State)),
            db.AlertNotifications.Count(n => n.AlertId == a.Id && n.State == AlertNotificationState.Failed)));

    // The message is one JSON column, so the title and item count are read from it in memory (a page at most).
    private static AlertDeliveryRow DeliveryRow(AlertNotification n) =>
        new(n.Id, n.AlertId, n.ChannelId, n.ChannelName, n.Purpose, n.State, n.Message.Title, n.Message.Items.Count, n.Attempts,
            n.CreatedAt, n.NextAttemptAt, n.SentAt, n.Status, n.Answer, n.DigestId);
}
