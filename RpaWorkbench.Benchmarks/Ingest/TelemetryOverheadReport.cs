using RpaWorkbench.Shared;

namespace RpaWorkbench.Benchmarks.Ingest;

/// <summary>
/// The telemetry overhead run's ratios: per round, telemetry on over telemetry off for closed-loop requests/s, server CPU
/// per request and paced p99, their medians and geometric means (see <see cref="RatioEstimate"/>), the verdict on the
/// geometric mean of the requests/s ratios, and the proof that telemetry was exported.
/// </summary>
public static class TelemetryOverheadReport
{
    /// <summary>Issue 27: ingest with telemetry on keeps at least this share of the throughput with it off.</summary>
    public const double TargetRatio = 0.95;

    /// <summary>Odd rounds load telemetry off first, even rounds on first, so neither always follows the other.</summary>
    public static IngestTarget[] OrderOf(int round, IngestTarget off, IngestTarget on) => OnGoesFirst(round) ? [on, off] : [off, on];

    private static bool OnGoesFirst(int round) => round % 2 == 0;

    /// <summary>
    /// Prints the ratios and the verdict; true when the sink received every signal in <paramref name="expectedSignals"/> and every scrape was served
    /// (<paramref name="exported"/> and <paramref name="scrapes"/> are null when <c>--on</c> switched that part off).
    /// </summary>
    public static bool Print(IReadOnlyList<Measurement> measurements, IReadOnlyDictionary<string, SignalCount>? exported, IReadOnlyList<string> expectedSignals,
        IReadOnlyList<MetricsScrape>? scrapes)
    {
        var rounds = measurements.GroupBy(m => m.Round)
            .Select(round => (
                Round: round.Key,
                Off: round.Single(m => m.Target.Name == TelemetryOverheadBenchmark.Off),
                On: round.Single(m => m.Target.Name == TelemetryOverheadBenchmark.On)))
            .ToList();

        Console.WriteLine();
        Console.WriteLine("| Round | First | Requests/s off | on | on/off | Server CPU/request off | on | on/off | Paced p99 off | on | on/off |");
        Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (round, off, on) in rounds)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {round} | {(OnGoesFirst(round) ? "on" : "off")} | {off.Closed.RequestsPerSecond:N0} | {on.Closed.RequestsPerSecond:N0} | {Throughput(off, on):F3} | " +
                $"{off.CpuMicrosecondsPerRequest:N0} µs | {on.CpuMicrosecondsPerRequest:N0} µs | {Cpu(off, on):F3} | " +
                $"{off.Paced.P99Ms:F2} ms | {on.Paced.P99Ms:F2} ms | {PacedP99(off, on):F3} |"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| median | | | | {IngestReport.Median(rounds, r => Throughput(r.Off, r.On)):F3} | | | {IngestReport.Median(rounds, r => Cpu(r.Off, r.On)):F3} | | | {IngestReport.Median(rounds, r => PacedP99(r.Off, r.On)):F3} |"));
        var throughput = RatioEstimate.Of([.. rounds.Select(r => (Throughput(r.Off, r.On), OnGoesFirst(r.Round)))]);
        var cpu = RatioEstimate.Of([.. rounds.Select(r => (Cpu(r.Off, r.On), OnGoesFirst(r.Round)))]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| geometric mean | | | | **{throughput.Mean:F3}** | | | {cpu.Mean:F3} | | | |"));
        Console.WriteLine();
        Console.WriteLine($"Telemetry on ÷ off, closed-loop requests/s: {throughput.Describe()}.");
        Console.WriteLine($"Telemetry on ÷ off, server CPU per request: {cpu.Describe()}.");
        if (rounds.Count % 2 == 1)
        {
            Console.WriteLine("An odd number of rounds: one order has a round more, and its lean is not cancelled; run an even number.");
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Target telemetry on ≥ {TargetRatio}× telemetry off (closed-loop requests/s, geometric mean of the rounds' ratios): {(throughput.Mean >= TargetRatio ? "met" : "MISSED")} ({throughput.Mean:F3}×)."));

        var sent = exported is null || expectedSignals.All(signal => exported[signal].Requests > 0);
        Console.WriteLine(exported is null
            ? "OTLP export: switched off (--on)."
            : $"OTLP export (sink on loopback): {OtlpSink.Describe(exported)}; {string.Join(" and ", expectedSignals)} {(sent ? "received" : "NOT RECEIVED")}.");
        var served = scrapes is null || (scrapes.Count > 0 && scrapes.All(s => s.Served));
        Console.WriteLine(scrapes is null
            ? "GET /metrics: switched off (--on)."
            : $"GET /metrics once per round: {(served ? "served every time" : "NOT SERVED")} ({string.Join("; ", scrapes.Select(s => s.Describe()))}).");
        return sent && served;
    }

    private static double Throughput(Measurement off, Measurement on) => on.Closed.RequestsPerSecond / off.Closed.RequestsPerSecond;

    private static double Cpu(Measurement off, Measurement on) => on.CpuMicrosecondsPerRequest / off.CpuMicrosecondsPerRequest;

    private static double PacedP99(Measurement off, Measurement on) => on.Paced.P99Ms / off.Paced.P99Ms;
}
