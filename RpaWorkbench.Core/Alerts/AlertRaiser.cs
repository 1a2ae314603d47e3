using RpaWorkbench.Core.Alerts.Channels;
using RpaWorkbench.Core.Common;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Time;

namespace RpaWorkbench.Core.Alerts;

/// <summary>
/// Turns what a rule's evaluation found into alerts and their outbox rows, in the caller's unit of work (the caller
/// commits, so an alert and its messages are durable together before anything is sent, then publishes
/// <see cref="Live.AlertChanged"/>). It applies the rule's de-duplication window, quiet hours and resolved notices.
/// </summary>
public sealed class AlertRaiser(TimeProvider clock, OperatorTime operatorTime, WorkbenchAddress address)
{
    /// <summary>
    /// A condition holds or an occurrence happened. A condition already firing for this subject is refreshed and its
    /// channels reminded once per de-duplication window; an occurrence within the window of the last one about this
    /// subject is counted into it. Returns the alert (unchanged — not written — when a condition still holds with the same
    /// words and no reminder is due).
    /// </summary>
    public async Task<Alert> FireAsync(WorkbenchDbContext db, AlertRule rule, AlertSignal signal, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var existing = rule.Kind.IsCondition()
            ? await FindFiringAsync(db, rule, signal.SubjectKey, cancellationToken)
            : await FindRecentOccurrenceAsync(db, rule, signal.SubjectKey, now, cancellationToken);
        if (existing is not null)
        {
            // A condition is reminded of once per window; a window of 0 never reminds (it would every pass).
            var remind = rule.Kind.IsCondition() && rule.DedupMinutes > 0
                && (existing.LastNotifiedAt is not { } told || now - told >= DedupWindow(rule));
            if (rule.Kind.IsCondition() && !remind && SameText(existing, signal))
            {
                // Still holding with the same figures: nothing to write, and no live event every pass.
                return existing;
            }

            existing.LastSeenAt = now;
            existing.TextEn = signal.TextEn;
            existing.TextZh = signal.TextZh;
            existing.Version++;
            if (!rule.Kind.IsCondition() || remind)
            {
                existing.Occurrences++;
            }

            if (remind)
            {
                await NotifyAsync(db, rule, existing, AlertNotificationPurpose.Firing, now, cancellationToken);
            }

            return existing;
        }

        var alert = new Alert
        {
            Rule = rule,
            RuleId = rule.Id,
            RuleName = rule.Name,
            Kind = rule.Kind,
            Severity = rule.Severity,
            SubjectKey = signal.SubjectKey,
            State = rule.Kind.IsCondition() ? AlertState.Firing : AlertState.Occurred,
            OpenKey = rule.Kind.IsCondition() ? OpenKeyOf(rule.Id, signal.SubjectKey) : null,
            TextEn = signal.TextEn,
            TextZh = signal.TextZh,
            LinkPath = signal.LinkPath,
            FiredAt = now,
            LastSeenAt = now,
        };
        db.Alerts.Add(alert);
        await NotifyAsync(db, rule, alert, AlertNotificationPurpose.Firing, now, cancellationToken);
        return alert;
    }

    /// <summary>A condition cleared: the firing alert about this subject, if any, resolves (with a notice when the rule asks for one). Returns it, or null when none was firing.</summary>
    public async Task<Alert?> ResolveAsync(WorkbenchDbContext db, AlertRule rule, string subjectKey, CancellationToken cancellationToken)
    {
        var alert = await FindFiringAsync(db, rule, subjectKey, cancellationToken);
        if (alert is null)
        {
            return null;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        alert.Resolve(now);
        if (rule.SendResolved && alert.LastNotifiedAt is not null)
        {
            await NotifyAsync(db, rule, alert, AlertNotificationPurpose.Resolved, now, cancellationToken);
        }

        return alert;
    }

    /// <summary>The subject keys of this rule's alerts firing now (what a condition's evaluation checks for clearing).</summary>
    public static Task<List<string>> FiringSubjectsAsync(WorkbenchDbContext db, long ruleId, CancellationToken cancellationToken) =>
        db.Alerts.Where(a => a.RuleId == ruleId && a.State == AlertState.Firing).Select(a => a.SubjectKey).ToListAsync(cancellationToken);

    public static string OpenKeyOf(long ruleId, string subjectKey) => $"{ruleId}|{subjectKey}";

    private static bool SameText(Alert alert, AlertSignal signal) => Same(alert.TextEn, signal.TextEn) && Same(alert.TextZh, signal.TextZh);

    private static bool Same(AlertText left, AlertText right) => left.Title == right.Title && left.Lines.SequenceEqual(right.Lines);

    private static TimeSpan DedupWindow(AlertRule rule) => TimeSpan.FromMinutes(Math.Max(0, rule.DedupMinutes));

    private static async Task<Alert?> FindFiringAsync(WorkbenchDbContext db, AlertRule rule, string subjectKey, CancellationToken cancellationToken)
    {
        var openKey = OpenKeyOf(rule.Id, subjectKey);
        return db.Alerts.Local.FirstOrDefault(a => a.OpenKey == openKey)
            ?? await db.Alerts.FirstOrDefaultAsync(a => a.OpenKey == openKey, cancellationToken);
    }

    private static async Task<Alert?> FindRecentOccurrenceAsync(WorkbenchDbContext db, AlertRule rule, string subjectKey, DateTime now, CancellationToken cancellationToken)
    {
        var since = now - DedupWindow(rule);
        return db.Alerts.Local
                .Where(a => a.RuleId == rule.Id && a.SubjectKey == subjectKey && a.State == AlertState.Occurred && a.LastSeenAt > since)
                .MaxBy(a => a.LastSeenAt)
            ?? await db.Alerts
                .Where(a => a.RuleId == rule.Id && a.SubjectKey == subjectKey && a.State == AlertState.Occurred && a.LastSeenAt > since)
                .OrderByDescending(a => a.LastSeenAt).FirstOrDefaultAsync(cancellationToken);
    }

    private async Task NotifyAsync(WorkbenchDbContext db, AlertRule rule, Alert alert, AlertNotificationPurpose purpose, DateTime now, CancellationToken cancellationToken)
    {
        alert.LastNotifiedAt = now;
        var channelIds = rule.ChannelIds.ToList();
        if (channelIds.Count == 0)
        {
            return;
        }

        var channels = await db.AlertChannels.AsNoTracking().Where(c => channelIds.Contains(c.Id) && c.Enabled).ToListAsync(cancellationToken);
        var quietEnd = QuietHours.EndIfQuiet(rule.QuietFrom, rule.QuietTo, now, operatorTime.Zone);
        foreach (var channel in channels)
        {
            db.AlertNotifications.Add(new AlertNotification
            {
                Alert = alert,
                ChannelId = channel.Id,
                ChannelName = channel.Name,
                Purpose = purpose,
                State = quietEnd is null ? AlertNotificationState.Pending : AlertNotificationState.Held,
                Message = MessageFor(alert, purpose, channel.Culture, now),
                NextAttemptAt = quietEnd ?? now,
                CreatedAt = now,
            });
        }
    }

    private AlertMessage MessageFor(Alert alert, AlertNotificationPurpose purpose, string culture, DateTime now)
    {
        var text = alert.TextIn(culture);
        var title = purpose == AlertNotificationPurpose.Resolved ? AlertWording.Resolved(culture) + text.Title : text.Title;
        return new AlertMessage(title, text.Lines, alert.Severity, LinkTo(alert.LinkPath), [], culture)
        {
            AlertKind = ContractName.Of(alert.Kind),
            OccurredAt = now,
        };
    }

    /// <summary>An absolute link to a Workbench page: <c>Workbench:PublicBaseUrl</c> when set, else this server's own address; null when neither is known.</summary>
    public Uri? LinkTo(string? path)
    {
        var bases = address.OwnBaseUrls();
        return path is not null && bases.Count > 0 ? new Uri(bases[0], path.TrimStart('/')) : null;
    }
}
