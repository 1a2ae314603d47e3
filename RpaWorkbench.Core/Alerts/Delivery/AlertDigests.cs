using RpaWorkbench.Core.Alerts.Channels;

namespace RpaWorkbench.Core.Alerts.Delivery;

/// <summary>
/// Gathers messages to one channel into one digest row ("5 alerts" / "5 条告警", an item per message) in one
/// transaction: the digest is written and every gathered row becomes <see cref="AlertNotificationState.Coalesced"/>
/// pointing at it, or — when another sender changed any of them meanwhile — nothing changes.
/// </summary>
internal static class AlertDigests
{
    /// <summary>Whether a message may be gathered into a digest (a digest or a test message is always sent as it is).</summary>
    public static bool CanGather(AlertNotification row) => row.Purpose is AlertNotificationPurpose.Firing or AlertNotificationPurpose.Resolved;

    /// <summary>Writes the digest of <paramref name="gathered"/> (as the pass read them); returns it, or null when any of them changed meanwhile.</summary>
    public static async Task<AlertNotification?> CreateAsync(WorkbenchDbContext db, AlertChannel channel, IReadOnlyList<AlertNotification> gathered,
        DateTime now, CancellationToken cancellationToken)
    {
        var digest = new AlertNotification
        {
            ChannelId = channel.Id,
            ChannelName = channel.Name,
            Purpose = AlertNotificationPurpose.Digest,
            State = AlertNotificationState.Pending,
            Message = MessageOf(gathered, channel.Culture, now),
            NextAttemptAt = now,
            CreatedAt = now,
        };
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.AlertNotifications.Add(digest);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var row in gathered)
        {
            var changed = await db.AlertNotifications
                .Where(n => n.Id == row.Id && n.Version == row.Version && n.State == row.State)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(n => n.State, AlertNotificationState.Coalesced)
                    .SetProperty(n => n.DigestId, digest.Id)
                    .SetProperty(n => n.Version, n => n.Version + 1), cancellationToken);
            if (changed == 0)
            {
                await transaction.RollbackAsync(cancellationToken);
                return null;
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return digest;
    }

    private static AlertMessage MessageOf(IReadOnlyList<AlertNotification> gathered, string culture, DateTime now) => new(
        AlertWording.Digest(gathered.Count, culture),
        [],
        gathered.Max(n => n.Message.Severity),
        null,
        [.. gathered.Select(n => new AlertMessageItem(n.Message.Title, n.Message.Severity, n.Message.Link))],
        culture)
    {
        OccurredAt = now,
    };
}
