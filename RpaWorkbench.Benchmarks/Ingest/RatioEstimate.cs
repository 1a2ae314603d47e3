namespace RpaWorkbench.Benchmarks.Ingest;

/// <summary>
/// The geometric mean of per-round ratios with its 95 % interval (Student's t over the logs), and the same mean over the
/// rounds where each side went first. With the two targets swapping places every round, the one that ran last in the
/// round before goes first and runs back to back with itself; an A/A run (both targets alike) measured that advantage
/// at several per cent, so a round's ratio leans one way or the other by its order. The geometric mean over rounds of
/// both orders cancels that lean; the median lands between the two groups, wherever the gap between them falls.
/// </summary>
public sealed record RatioEstimate(double Mean, double Low, double High, double WhenFirst, double WhenSecond)
{
    // Student's t at 97.5 % for 1 to 30 degrees of freedom; 1.96 beyond.
    private static readonly double[] T975 =
    [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
        2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
    ];

    /// <summary>The estimate over <paramref name="ratios"/>, given for each whether the measured side went first.</summary>
    public static RatioEstimate Of(IReadOnlyList<(double Ratio, bool First)> ratios)
    {
        var logs = ratios.Select(r => Math.Log(r.Ratio)).ToList();
        var mean = logs.Average();
        var spread = logs.Count > 1 ? Math.Sqrt(logs.Sum(l => (l - mean) * (l - mean)) / (logs.Count - 1)) : 0;
        var t = logs.Count - 1 is var df and >= 1 and <= 30 ? T975[df - 1] : 1.96;
        var half = t * spread / Math.Sqrt(logs.Count);
        return new RatioEstimate(Math.Exp(mean), Math.Exp(mean - half), Math.Exp(mean + half),
            GeometricMean(ratios.Where(r => r.First)), GeometricMean(ratios.Where(r => !r.First)));
    }

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Mean:F3}× (95 % interval {Low:F3}–{High:F3}; {WhenFirst:F3}× in the rounds it went first, {WhenSecond:F3}× when second)");

    // NaN when there are none (a single round has no second order).
    private static double GeometricMean(IEnumerable<(double Ratio, bool First)> ratios) =>
        Math.Exp(ratios.Select(r => Math.Log(r.Ratio)).DefaultIfEmpty(double.NaN).Average());
}
