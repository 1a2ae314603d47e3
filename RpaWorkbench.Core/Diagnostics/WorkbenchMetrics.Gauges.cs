using System.Diagnostics.Metrics;
using RpaWorkbench.Core.Batches;
using RpaWorkbench.Core.Workflows;

namespace RpaWorkbench.Core.Diagnostics;

/// <summary>
/// The gauges read from the database. They report the latest <see cref="WorkbenchGaugeReading"/> that
/// <see cref="WorkbenchGaugeSampler"/> took, so a scrape never waits for a query; before the first reading they report
/// nothing. Every instance reads the same database, so each reports the same figures: aggregate them with max, not sum.
/// </summary>
public sealed partial class WorkbenchMetrics
{
    private readonly ObservableGauge<long> _robots;
    private readonly ObservableGauge<long> _queueDepth;
    private readonly ObservableGauge<double> _oldestWait;
    private readonly ObservableGauge<long> _batchItems;
    private readonly ObservableGauge<long> _workflowSteps;
    private volatile WorkbenchGaugeReading? _reading;

    /// <summary>The latest reading, or null before the first.</summary>
    public WorkbenchGaugeReading? LatestReading => _reading;

    internal void Read(WorkbenchGaugeReading reading) => _reading = reading;

    private IEnumerable<Measurement<long>> ObserveRobots() => _reading is { } r
        ? [State(r.RobotsOnline, "online"), State(r.RobotsOffline, "offline")]
        : [];

    private IEnumerable<Measurement<long>> ObserveQueueDepth() => _reading is { } r ? [new(r.QueueDepth)] : [];

    private IEnumerable<Measurement<double>> ObserveOldestWait() => _reading is { } r ? [new(r.OldestWait.TotalSeconds)] : [];

    private IEnumerable<Measurement<long>> ObserveBatchItems() => _reading is { } r ? ByState(r.BatchItems) : [];

    private IEnumerable<Measurement<long>> ObserveWorkflowSteps() => _reading is { } r ? ByState(r.WorkflowSteps) : [];

    // Every state is reported, zero included, so a graph's series exist before the first item reaches a state.
    private static IEnumerable<Measurement<long>> ByState<TState>(IReadOnlyDictionary<TState, int> counts) where TState : struct, Enum =>
        Enum.GetValues<TState>().Select(s => State(counts.GetValueOrDefault(s), ContractName.Of(s)));

    private static Measurement<long> State(long value, string state) => new(value, new KeyValuePair<string, object?>("state", state));
}

/// <summary>What the database-read gauges report, as of <see cref="ReadAt"/>.</summary>
public sealed record WorkbenchGaugeReading(
    DateTime ReadAt,
    int RobotsOnline,
    int RobotsOffline,
    int QueueDepth,
    TimeSpan OldestWait,
    IReadOnlyDictionary<BatchItemState, int> BatchItems,
    IReadOnlyDictionary<WorkflowStepState, int> WorkflowSteps);
