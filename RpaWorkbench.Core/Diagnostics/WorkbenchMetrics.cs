using System.Diagnostics.Metrics;
using RpaWorkbench.Core.Alerts.Channels;
using RpaWorkbench.Core.Alerts.Delivery;
using RpaWorkbench.Core.Webhooks;

namespace RpaWorkbench.Core.Diagnostics;

/// <summary>
/// The Workbench's own metrics (meter <see cref="MeterName"/>). Labels take a handful of fixed values each, never an
/// account, app or id, so a scraper stores a few series, not one per robot. docs/operations.md lists them.
/// </summary>
public sealed class WorkbenchMetrics
{
    public const string MeterName = "RpaWorkbench";

    private readonly Counter<long> _callbacks;
    private readonly Histogram<int> _batchSize;
    private readonly Histogram<double> _commitDuration;
    private readonly Counter<long> _alertDeliveries;

    public WorkbenchMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _callbacks = meter.CreateCounter<long>("workbench.webhook.callbacks", "{callback}",
            "Callbacks received, by outcome (stored, duplicate, rejected) and, when rejected, reason (invalid, unavailable).");
        _batchSize = meter.CreateHistogram<int>("workbench.webhook.ingest.batch_size", "{callback}",
            "Callbacks committed together in one ingest transaction.",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] });
        _commitDuration = meter.CreateHistogram<double>("workbench.webhook.ingest.commit.duration", "s",
            "Time to write and commit one ingest batch.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1] });
        _alertDeliveries = meter.CreateCounter<long>("workbench.alert.deliveries", "{message}",
            "Alert message sends, by channel kind and outcome (delivered, retrying, failed).");
    }

    /// <summary>Counts a committed batch: its size, its commit time and each callback's receipt (stored or duplicate).</summary>
    internal void BatchCommitted(IReadOnlyList<CallbackReceipt> receipts, TimeSpan commitTime)
    {
        _batchSize.Record(receipts.Count);
        _commitDuration.Record(commitTime.TotalSeconds);
        var duplicates = receipts.Count(r => r.Duplicate);
        AddCallbacks(receipts.Count - duplicates, "stored");
        AddCallbacks(duplicates, "duplicate");
    }

    /// <summary>Counts a callback refused with 400 (<c>invalid</c>) or 503 (<c>unavailable</c>); nothing of it was stored.</summary>
    public void CallbackRejected(string reason) =>
        _callbacks.Add(1, new KeyValuePair<string, object?>("outcome", "rejected"), new KeyValuePair<string, object?>("reason", reason));

    internal void AlertSent(AlertChannelKind kind, AlertSendOutcome outcome) =>
        _alertDeliveries.Add(1,
            new KeyValuePair<string, object?>("channel_kind", kind.ToString().ToLowerInvariant()),
            new KeyValuePair<string, object?>("outcome", outcome.ToString().ToLowerInvariant()));

    private void AddCallbacks(int count, string outcome)
    {
        if (count > 0)
        {
            _callbacks.Add(count, new KeyValuePair<string, object?>("outcome", outcome));
        }
    }
}

/// <summary>Reasons a callback is rejected, as the <c>reason</c> label shows them.</summary>
public static class CallbackRejections
{
    public const string Invalid = "invalid";
    public const string Unavailable = "unavailable";
}
