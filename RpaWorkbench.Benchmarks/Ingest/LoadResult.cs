namespace RpaWorkbench.Benchmarks.Ingest;

/// <summary>
/// What one load phase saw, client-side. <see cref="Sent"/> is at least <see cref="Completed"/>: wrk stops with requests
/// in flight, which the server may still answer and store; a .NET load waits for every answer (Sent = Completed).
/// </summary>
public sealed record LoadResult(long Completed, long Ok, long Sent, long SocketErrors, TimeSpan Elapsed, double P50Ms, double P99Ms)
{
    public double RequestsPerSecond => Completed / Elapsed.TotalSeconds;

    /// <summary>Answers other than 200, and requests that failed on the socket (timeouts, resets).</summary>
    public long Failed => Completed - Ok + SocketErrors;

    /// <summary>Builds a result from per-request latencies in <see cref="System.Diagnostics.Stopwatch"/> ticks.</summary>
    public static LoadResult FromLatencies(long[] latencyTicks, long ok, long sent, long socketErrors, TimeSpan elapsed)
    {
        Array.Sort(latencyTicks);
        return new LoadResult(latencyTicks.Length, ok, sent, socketErrors, elapsed,
            Percentile(latencyTicks, 0.50), Percentile(latencyTicks, 0.99));
    }

    private static double Percentile(long[] sorted, double fraction) => sorted.Length == 0
        ? double.NaN
        : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(fraction * sorted.Length) - 1)] * 1000.0 / System.Diagnostics.Stopwatch.Frequency;
}
