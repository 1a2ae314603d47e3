using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization;
using RpaWorkbench.Core.Alerts.Channels;
using RpaWorkbench.Core.Alerts.Delivery;
using RpaWorkbench.Core.Live;
using RpaWorkbench.Core.Webhooks;

namespace RpaWorkbench.Core.Diagnostics;

/// <summary>
/// The Workbench's own metrics (meter <see cref="MeterName"/>). Labels take a handful of fixed values each, never an
/// account or id; the one open label, <c>app</c>, is capped at <see cref="MaxAppLabels"/> apps (any further app is
/// counted as <see cref="OtherApps"/>), so a scraper stores a bounded number of series. docs/operations.md lists them.
/// </summary>
public sealed partial class WorkbenchMetrics
{
    public const string MeterName = "RpaWorkbench";

    /// <summary>The most apps given their own <c>app</c> label; a fleet with more runs far more apps than a graph can show.</summary>
    public const int MaxAppLabels = 100;

    /// <summary>The <c>app</c> label of every app after the first <see cref="MaxAppLabels"/>.</summary>
    public const string OtherApps = "(other)";

    private static readonly Dictionary<Type, string> EventNames = typeof(WorkbenchEvent).GetCustomAttributes<JsonDerivedTypeAttribute>()
        .ToDictionary(a => a.DerivedType, a => (string)a.TypeDiscriminator!);

    private readonly ConcurrentDictionary<string, byte> _apps = new(StringComparer.Ordinal);
    private readonly Counter<long> _callbacks;
    private readonly Histogram<int> _batchSize;
    private readonly Histogram<double> _commitDuration;
    private readonly Counter<long> _alertDeliveries;
    private readonly Counter<long> _runsStarted;
    private readonly Counter<long> _runsEnded;
    private readonly Histogram<double> _queueWait;
    private readonly Counter<long> _eventsPublished;
    private readonly Counter<long> _eventDeliveries;
    private readonly UpDownCounter<long> _eventSubscribers;
    private readonly Counter<long> _exportRows;

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
        _runsStarted = meter.CreateCounter<long>("workbench.runs.started", "{run}",
            "Runs a robot (or Dify) accepted to start, by app.");
        _runsEnded = meter.CreateCounter<long>("workbench.runs.ended", "{run}",
            "Runs whose outcome was stored (a robot's callback or the Workbench's verdict), by app and status.");
        _queueWait = meter.CreateHistogram<double>("workbench.dispatch.wait.duration", "s",
            "Time a queued run waited from being queued to being claimed with a robot.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200] });
        _eventsPublished = meter.CreateCounter<long>("workbench.live_events.published", "{event}",
            "Live events published by this instance after a commit, by event.");
        _eventDeliveries = meter.CreateCounter<long>("workbench.live_events.deliveries", "{delivery}",
            "Batches of live events handed to this instance's subscribers (open pages and event streams): the fan-out.");
        _eventSubscribers = meter.CreateUpDownCounter<long>("workbench.live_events.subscribers", "{subscriber}",
            "Open pages and event streams subscribed to live events on this instance.");
        _exportRows = meter.CreateCounter<long>("workbench.export.rows", "{row}",
            "Rows written to CSV downloads, by export (logs, audit).");
        _robots = meter.CreateObservableGauge("workbench.robots", ObserveRobots, "{robot}",
            "Registered robots by state (online: a heartbeat within the offline threshold).");
        _queueDepth = meter.CreateObservableGauge("workbench.dispatch.queue.depth", ObserveQueueDepth, "{run}",
            "Runs waiting in the dispatch queue.");
        _oldestWait = meter.CreateObservableGauge("workbench.dispatch.queue.oldest_wait", ObserveOldestWait, "s",
            "How long the longest-waiting queued run has waited (0 when none waits).");
        _batchItems = meter.CreateObservableGauge("workbench.batch.items", ObserveBatchItems, "{item}",
            "Items of running and paused batches, by state.");
        _workflowSteps = meter.CreateObservableGauge("workbench.workflow.steps", ObserveWorkflowSteps, "{step}",
            "Step attempts of running and paused workflow runs, by state.");
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

    /// <summary>A robot or Dify accepted a run of <paramref name="app"/>.</summary>
    internal void RunStarted(string app) => _runsStarted.Add(1, AppTag(app));

    /// <summary>A queued run was claimed after waiting <paramref name="wait"/>.</summary>
    internal void QueueWaited(TimeSpan wait) => _queueWait.Record(Math.Max(0, wait.TotalSeconds));

    /// <summary>Counts events published after a commit; each stored run log (<see cref="LogCreated"/>) is a run ended.</summary>
    internal void EventsPublished(IReadOnlyList<WorkbenchEvent> events)
    {
        foreach (var e in events)
        {
            _eventsPublished.Add(1, new KeyValuePair<string, object?>("event", EventNames.GetValueOrDefault(e.GetType(), "other")));
            if (e is LogCreated log)
            {
                _runsEnded.Add(1, AppTag(log.AppName), new KeyValuePair<string, object?>("status", ContractName.Of(log.Status)));
            }
        }
    }

    internal void EventsDelivered(int subscribers)
    {
        if (subscribers > 0)
        {
            _eventDeliveries.Add(subscribers);
        }
    }

    internal void SubscriberAdded() => _eventSubscribers.Add(1);

    internal void SubscriberRemoved() => _eventSubscribers.Add(-1);

    /// <summary>The rows as they are read, counted into <c>workbench.export.rows</c> for <paramref name="export"/>, also when the download stops early.</summary>
    public async IAsyncEnumerable<T> CountExported<T>(IAsyncEnumerable<T> rows, string export, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        const int flushEvery = 1_000;
        var tag = new KeyValuePair<string, object?>("export", export);
        var pending = 0;
        try
        {
            await foreach (var row in rows.WithCancellation(cancellationToken))
            {
                yield return row;
                if (++pending == flushEvery)
                {
                    _exportRows.Add(pending, tag);
                    pending = 0;
                }
            }
        }
        finally
        {
            _exportRows.Add(pending, tag);
        }
    }

    private KeyValuePair<string, object?> AppTag(string app)
    {
        var label = _apps.ContainsKey(app) || (_apps.Count < MaxAppLabels && _apps.TryAdd(app, 0)) ? app : OtherApps;
        return new KeyValuePair<string, object?>("app", label);
    }

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

/// <summary>The <c>export</c> label of <c>workbench.export.rows</c>.</summary>
public static class ExportNames
{
    public const string Logs = "logs";
    public const string Audit = "audit";
}
