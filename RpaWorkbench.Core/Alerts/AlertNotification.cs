using RpaWorkbench.Core.Alerts.Channels;

namespace RpaWorkbench.Core.Alerts;

/// <summary>
/// One message to one channel: the durable outbox row, committed with the alert that caused it before anything is
/// sent, and afterwards its delivery record (status, the channel's answer, attempts). A burst beyond the channel's
/// rate limit, or what quiet hours held, is sent as one digest row; the rows it gathered become
/// <see cref="AlertNotificationState.Coalesced"/> and point at it.
/// </summary>
public class AlertNotification
{
    public long Id { get; set; }

    /// <summary>The alert told about; null for a digest or a test message.</summary>
    public long? AlertId { get; set; }
    public Alert? Alert { get; set; }

    /// <summary>The channel; null once the channel is deleted (the history stays).</summary>
    public long? ChannelId { get; set; }
    public AlertChannel? Channel { get; set; }
    public required string ChannelName { get; set; }

    public AlertNotificationPurpose Purpose { get; set; }
    public AlertNotificationState State { get; set; } = AlertNotificationState.Pending;

    /// <summary>The message as it will be (or was) sent, already in the channel's language.</summary>
    public required AlertMessage Message { get; set; }

    /// <summary>Sends tried so far.</summary>
    public int Attempts { get; set; }

    /// <summary>Not sent before this instant (a retry's backoff, the end of quiet hours, a channel's Retry-After).</summary>
    public DateTime NextAttemptAt { get; set; }

    /// <summary>While sending: the instant after which another sender may take it (a crash mid-send).</summary>
    public DateTime? LeaseUntil { get; set; }

    /// <summary>The last attempt's HTTP status or SMTP reply code.</summary>
    public int? Status { get; set; }

    /// <summary>The last attempt's answer from the channel, or the error (≤ <see cref="AlertDelivery.MaxAnswerLength"/>, no secrets).</summary>
    public string? Answer { get; set; }

    /// <summary>The digest that carried this message, when coalesced.</summary>
    public long? DigestId { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime? SentAt { get; set; }

    public int Version { get; set; }
}

public enum AlertNotificationPurpose
{
    Firing,
    Resolved,
    Digest,
    Test,
}

/// <summary>
/// Pending (due at <see cref="AlertNotification.NextAttemptAt"/>), held (quiet hours), sending (leased by a sender),
/// delivered, failed (gave up: the channel refused for good or the attempts ran out), or coalesced into a digest.
/// </summary>
public enum AlertNotificationState
{
    Pending,
    Held,
    Sending,
    Delivered,
    Failed,
    Coalesced,
}
