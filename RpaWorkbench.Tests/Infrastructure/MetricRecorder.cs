using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using RpaWorkbench.Core.Diagnostics;

namespace RpaWorkbench.Tests.Infrastructure;

/// <summary>
/// Records the Workbench meter's measurements of one host: only the meter its own <see cref="IMeterFactory"/> made, so
/// hosts of tests running in parallel do not add to what this one sees.
/// </summary>
public sealed class MetricRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<Measured> _measured = new();

    public MetricRecorder(IMeterFactory meters)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, meters) && instrument.Meter.Name == WorkbenchMetrics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>Takes the gauges' current values.</summary>
    public void ObserveGauges() => _listener.RecordObservableInstruments();

    /// <summary>The sum of the measurements of <paramref name="instrument"/> whose labels include <paramref name="labels"/>.</summary>
    public double Sum(string instrument, params (string Key, string Value)[] labels) => Matching(instrument, labels).Sum(m => m.Value);

    /// <summary>The values of <paramref name="instrument"/> whose labels include <paramref name="labels"/>, in order.</summary>
    public IReadOnlyList<double> Values(string instrument, params (string Key, string Value)[] labels) => [.. Matching(instrument, labels).Select(m => m.Value)];

    /// <summary>The latest value of a gauge with these labels (after <see cref="ObserveGauges"/>).</summary>
    public double Last(string instrument, params (string Key, string Value)[] labels) => Matching(instrument, labels).Last().Value;

    /// <summary>The distinct values label <paramref name="label"/> took on <paramref name="instrument"/>.</summary>
    public IReadOnlySet<string> LabelValues(string instrument, string label) =>
        Matching(instrument, []).Select(m => m.Labels.GetValueOrDefault(label)).OfType<string>().ToHashSet(StringComparer.Ordinal);

    public void Dispose() => _listener.Dispose();

    private IEnumerable<Measured> Matching(string instrument, (string Key, string Value)[] labels) =>
        _measured.Where(m => m.Instrument == instrument && labels.All(l => m.Labels.GetValueOrDefault(l.Key) == l.Value));

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            labels[tag.Key] = tag.Value?.ToString();
        }

        _measured.Enqueue(new Measured(instrument.Name, value, labels));
    }

    private sealed record Measured(string Instrument, double Value, Dictionary<string, string?> Labels);
}
