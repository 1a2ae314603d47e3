using Microsoft.Extensions.Hosting;
using RpaWorkbench.Core.Alerts.Channels;
using RpaWorkbench.Core.Live;

namespace RpaWorkbench.Core.Alerts.Delivery;

/// <summary>What one outbox pass did.</summary>
public sealed record AlertOutboxPass(int Recovered, int Delivered, int Retrying, int Failed, int Digests);

/// <summary>
/// Delivers the alert outbox (<see cref="AlertNotification"/> rows), one per instance: every
/// <see cref="AlertDeliveryOptions.PollInterval"/>, and soon after an alert is written, a pass returns the rows whose
/// sender crashed mid-send, then for each channel with due messages sends what its rate limit allows — counted from
/// the table, so instances and restarts agree — and gathers the rest (and a backlog quiet hours held) into one
/// digest. Each send is claimed first (<see cref="AlertSends"/>), so however many instances serve one database, a
/// message is sent once — or, after a crash mid-send, once more (at least once).
/// </summary>
internal sealed class AlertOutbox(
    IDbContextFactory<WorkbenchDbContext> contexts,
    AlertSends sends,
    AlertChannelSecrets secrets,
    IWorkbenchEvents events,
    IOptions<AlertDeliveryOptions> options,
    TimeProvider clock,
    ILogger<AlertOutbox> logger) : BackgroundService
{
    // Channels are served side by side: one that does not answer holds its sends for the whole send time-out.
    private const int ConcurrentChannels = 4;
    private static readonly TimeSpan WakeDebounce = TimeSpan.FromMilliseconds(50);

    /// <summary>One pass over the outbox; returns what it did.</summary>
    public async Task<AlertOutboxPass> PassAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var recovered = await RecoverAsync(now, cancellationToken);
        List<AlertNotification> due;
        Dictionary<long, AlertChannel> channels;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            due = await db.AlertNotifications.AsNoTracking()
                .Where(n => (n.State == AlertNotificationState.Pending || n.State == AlertNotificationState.Held) && n.NextAttemptAt <= now)
                .OrderBy(n => n.CreatedAt).ThenBy(n => n.Id)
                .ToListAsync(cancellationToken);
            var ids = due.Select(n => n.ChannelId).OfType<long>().Distinct().ToList();
            channels = await db.AlertChannels.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);
        }

        var tally = new Tally();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = ConcurrentChannels, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(due.GroupBy(n => n.ChannelId), parallel, async (rows, ct) =>
        {
            var channel = rows.Key is { } id ? channels.GetValueOrDefault(id) : null;
            await ServeChannelAsync(channel, [.. rows], now, tally, ct);
        });
        return new AlertOutboxPass(recovered, tally.Delivered, tally.Retrying, tally.Failed, tally.Digests);
    }

    // A row a sender took and never finished (a crash or kill mid-send) is due again: at least once.
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => PassLoop.RunAsync(
        new PassLoopSettings("alert outbox", $"{AlertDeliveryOptions.SectionName}:{nameof(AlertDeliveryOptions.Enabled)}", options.Value.Enabled,
            options.Value.PollInterval, WakeDebounce),
        PassAsync, e => e is AlertChanged, events, clock, logger, stoppingToken);

    private async Task<int> RecoverAsync(DateTime now, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var recovered = await db.AlertNotifications
            .Where(n => n.State == AlertNotificationState.Sending && n.LeaseUntil < now)
            .ExecuteUpdateAsync(s => s
                .SetProperty(n => n.State, AlertNotificationState.Pending)
                .SetProperty(n => n.LeaseUntil, (DateTime?)null)
                .SetProperty(n => n.Version, n => n.Version + 1), cancellationToken);
        if (recovered > 0)
        {
            logger.LogWarning("{Count} alert message(s) were being sent when their sender stopped; they are sent again", recovered);
        }

        return recovered;
    }

    private async Task ServeChannelAsync(AlertChannel? channel, List<AlertNotification> due, DateTime now, Tally tally, CancellationToken cancellationToken)
    {
        if (channel is not { Enabled: true })
        {
            var answer = channel is null
                ? "The channel was deleted before this message was sent."
                : "The channel is disabled: its messages are not sent.";
            foreach (var row in due)
            {
                tally.Count(await sends.GiveUpAsync(row, answer, cancellationToken) ? AlertSendOutcome.Failed : AlertSendOutcome.NotClaimed);
            }

            return;
        }

        var allowance = await AllowanceAsync(channel, now, cancellationToken);
        var plan = AlertSendPlan.Of(due, allowance);
        var toSend = plan.Singles.ToList();
        if (plan.Gathered.Count > 0)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            if (await AlertDigests.CreateAsync(db, channel, plan.Gathered, now, cancellationToken) is { } digest)
            {
                tally.Digest();
                toSend.Add(digest);
                events.Publish([.. plan.Gathered.Select(n => new AlertChanged(n.AlertId)).Distinct()]);
            }
        }

        foreach (var row in toSend)
        {
            tally.Count(await sends.SendAsync(row, channel, secrets, cancellationToken));
        }
    }

    // How many more messages the channel takes now: the tightest of its windows, less the sends in it (and those in flight).
    private async Task<int> AllowanceAsync(AlertChannel channel, DateTime now, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var allowance = int.MaxValue;
        foreach (var (count, window) in AlertChannelLimits.Of(channel.Kind))
        {
            var since = now - window;
            var used = await db.AlertNotifications.CountAsync(n => n.ChannelId == channel.Id
                && ((n.SentAt != null && n.SentAt > since) || n.State == AlertNotificationState.Sending), cancellationToken);
            allowance = Math.Min(allowance, count - used);
        }

        return Math.Max(allowance, 0);
    }

    private sealed class Tally
    {
        private int _delivered;
        private int _retrying;
        private int _failed;
        private int _digests;

        public int Delivered => _delivered;
        public int Retrying => _retrying;
        public int Failed => _failed;
        public int Digests => _digests;

        public void Digest() => Interlocked.Increment(ref _digests);

        public void Count(AlertSendOutcome outcome)
        {
            switch (outcome)
            {
                case AlertSendOutcome.Delivered:
                    Interlocked.Increment(ref _delivered);
                    break;
                case AlertSendOutcome.Retrying:
                    Interlocked.Increment(ref _retrying);
                    break;
                case AlertSendOutcome.Failed:
                    Interlocked.Increment(ref _failed);
                    break;
            }
        }
    }
}
