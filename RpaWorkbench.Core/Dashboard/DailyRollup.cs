namespace RpaWorkbench.Core.Dashboard;

/// <summary>
/// The runs of one app on one robot account that started on one operator-zone day, summed: what the dashboard reads
/// instead of the logs. Kept in step with every log insert; <see cref="DailyRollupRebuilder"/> recomputes it.
/// </summary>
public class DailyRollup : IRollupRow
{
    /// <summary>The day in the operators' time zone (<see cref="RollupState.TimeZone"/>) on which the runs started.</summary>
    public DateOnly Day { get; set; }

    public required string ShadowBotAccount { get; set; }
    public required string AppName { get; set; }
    public int Runs { get; set; }
    public int Completed { get; set; }
    public int Failed { get; set; }

    /// <summary>Sum of the runs' durations.</summary>
    public double DurationSeconds { get; set; }

    /// <summary>Sum of the runs' <c>total_items</c>.</summary>
    public long Items { get; set; }

    /// <summary>Run counts per duration bucket (<see cref="DurationHistogram"/>), for percentiles.</summary>
    public required byte[] Histogram { get; set; }
}
