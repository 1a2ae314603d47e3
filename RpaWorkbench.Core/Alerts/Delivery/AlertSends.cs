using System.Security.Cryptography;
using RpaWorkbench.Core.Alerts.Channels;
using RpaWorkbench.Core.Diagnostics;
using RpaWorkbench.Core.Live;

namespace RpaWorkbench.Core.Alerts.Delivery;

/// <summary>How one message's send ended: delivered, to be tried again, or given up (failed).</summary>
public enum AlertSendOutcome
{
    Delivered,
    Retrying,
    Failed,

    /// <summary>Another sender claimed or changed the row first: nothing was sent.</summary>
    NotClaimed,
}

/// <summary>
/// Sends one outbox row: claims it with a conditional update (its state and version must still be what the pass read,
/// so two instances never both send it), sends it through the channel's <see cref="IAlertChannelSender"/>, records the
/// answer and moves it on (delivered, retried after a backoff, or failed), then publishes <see cref="AlertChanged"/>.
/// </summary>
internal sealed class AlertSends(
    IDbContextFactory<WorkbenchDbContext> contexts,
    IEnumerable<IAlertChannelSender> senders,
    IWorkbenchEvents events,
    IOptions<AlertDeliveryOptions> options,
    TimeProvider clock,
    WorkbenchMetrics metrics,
    ILogger<AlertSends> logger)
{
    /// <summary>After this many failed sends a message is given up.</summary>
    public const int MaxAttempts = 10;

    public static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(30);

    public const string UndecryptableAnswer =
        "The channel's secret can no longer be decrypted (the key ring that encrypted it is gone): an admin must enter the webhook URL and secrets of the channel again.";

    private readonly Dictionary<AlertChannelKind, IAlertChannelSender> _senders = senders.ToDictionary(s => s.Kind);

    /// <summary>The wait before the next try after <paramref name="attempts"/> failed sends: 30 s doubling each time, at most 30 min, and never less than what the channel asked for.</summary>
    public static TimeSpan Backoff(int attempts, TimeSpan? retryAfter)
    {
        var doubling = FirstBackoff * Math.Pow(2, Math.Min(Math.Max(attempts - 1, 0), 16));
        var backoff = doubling < MaxBackoff ? doubling : MaxBackoff;
        return retryAfter is { } asked && asked > backoff ? asked : backoff;
    }

    /// <summary>Claims, sends and records <paramref name="row"/> (as the pass read it) to <paramref name="channel"/>.</summary>
    public async Task<AlertSendOutcome> SendAsync(AlertNotification row, AlertChannel channel, AlertChannelSecrets secrets, CancellationToken cancellationToken)
    {
        AlertChannelTarget target;
        try
        {
            target = AlertChannelTargets.Of(channel, secrets);
        }
        catch (CryptographicException)
        {
            return await GiveUpAsync(row, UndecryptableAnswer, cancellationToken) ? AlertSendOutcome.Failed : AlertSendOutcome.NotClaimed;
        }

        var sentAt = clock.GetUtcNow().UtcDateTime;
        if (!await ClaimAsync(row, sentAt, cancellationToken))
        {
            return AlertSendOutcome.NotClaimed;
        }

        AlertDelivery delivery;
        try
        {
            delivery = await _senders[channel.Kind].SendAsync(target, row.Message, cancellationToken);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            // A channel stored without what its kind needs (no URL, no SMTP host): trying again cannot help.
            delivery = new AlertDelivery(false, null, ex.Message, Retry: false);
        }

        var attempts = row.Attempts + 1;
        var now = clock.GetUtcNow().UtcDateTime;
        var (state, outcome) = delivery switch
        {
            { Delivered: true } => (AlertNotificationState.Delivered, AlertSendOutcome.Delivered),
            { Retry: true } when attempts < MaxAttempts => (AlertNotificationState.Pending, AlertSendOutcome.Retrying),
            _ => (AlertNotificationState.Failed, AlertSendOutcome.Failed),
        };
        var nextAttemptAt = outcome == AlertSendOutcome.Retrying ? now + Backoff(attempts, delivery.RetryAfter) : row.NextAttemptAt;
        // A send the channel answered counts against its rate limit, refused or not; one that never reached it does not.
        DateTime? reached = delivery.Status is null && !delivery.Delivered ? null : sentAt;
        var answer = Cut(delivery.Answer);
        await using (var db = await contexts.CreateDbContextAsync(CancellationToken.None))
        {
            // Recorded even when the host is stopping: the send happened.
            var recorded = await db.AlertNotifications
                .Where(n => n.Id == row.Id && n.Version == row.Version + 1 && n.State == AlertNotificationState.Sending)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(n => n.State, state)
                    .SetProperty(n => n.Status, delivery.Status)
                    .SetProperty(n => n.Answer, answer)
                    .SetProperty(n => n.SentAt, n => reached ?? n.SentAt)
                    .SetProperty(n => n.NextAttemptAt, nextAttemptAt)
                    .SetProperty(n => n.LeaseUntil, (DateTime?)null)
                    .SetProperty(n => n.Version, n => n.Version + 1), CancellationToken.None);
            if (recorded == 0)
            {
                logger.LogWarning("Alert message {Id} to {Channel} was sent after its lease ran out; another sender may send it again", row.Id, channel.Name);
            }
        }

        if (outcome != AlertSendOutcome.Delivered)
        {
            logger.LogWarning("Alert message {Id} to {Channel} was not delivered ({Status}: {Answer}); {Outcome}", row.Id, channel.Name, delivery.Status, answer, outcome);
        }

        metrics.AlertSent(channel.Kind, outcome);
        events.Publish([new AlertChanged(row.AlertId)]);
        return outcome;
    }

    /// <summary>Ends <paramref name="row"/> failed with <paramref name="answer"/>, unless another sender changed it first; returns whether it did.</summary>
    public async Task<bool> GiveUpAsync(AlertNotification row, string answer, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var changed = await db.AlertNotifications
            .Where(n => n.Id == row.Id && n.Version == row.Version && n.State == row.State)
            .ExecuteUpdateAsync(s => s
                .SetProperty(n => n.State, AlertNotificationState.Failed)
                .SetProperty(n => n.Answer, Cut(answer))
                .SetProperty(n => n.Version, n => n.Version + 1), cancellationToken);
        if (changed > 0)
        {
            events.Publish([new AlertChanged(row.AlertId)]);
        }

        return changed > 0;
    }

    private async Task<bool> ClaimAsync(AlertNotification row, DateTime now, CancellationToken cancellationToken)
    {
        var leaseUntil = now + options.Value.SendLease;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.AlertNotifications
            .Where(n => n.Id == row.Id && n.Version == row.Version
                && (n.State == AlertNotificationState.Pending || n.State == AlertNotificationState.Held))
            .ExecuteUpdateAsync(s => s
                .SetProperty(n => n.State, AlertNotificationState.Sending)
                .SetProperty(n => n.LeaseUntil, leaseUntil)
                .SetProperty(n => n.Attempts, n => n.Attempts + 1)
                .SetProperty(n => n.Version, n => n.Version + 1), cancellationToken) == 1;
    }

    private static string Cut(string answer) => answer.Length <= AlertDelivery.MaxAnswerLength ? answer : answer[..AlertDelivery.MaxAnswerLength];
}
