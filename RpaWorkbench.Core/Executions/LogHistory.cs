namespace RpaWorkbench.Core.Executions;

/// <summary>
/// What <see cref="LogSeeder"/> generates: how many runs over how many days, how often each app runs and how long it
/// takes, how runs end, with which error messages, and what their screenshots and logs link to. The defaults are the
/// benchmarks' three months (<c>seed-logs</c>); the demo's month is <see cref="Demo.DemoHistory"/>.
/// </summary>
public sealed record LogHistory
{
    /// <summary>How many runs to generate.</summary>
    public required int Runs { get; init; }

    /// <summary>The same seed gives the same runs for the same clock and fleet.</summary>
    public int Seed { get; init; }

    /// <summary>Runs start on this many operator-zone days, today included.</summary>
    public int Days { get; init; } = 90;

    /// <summary>How runs end, in runs per thousand; the rest complete.</summary>
    public RunEndings Endings { get; init; } = new(Failed: 100, TimedOut: 10, Stopped: 5, Lost: 5);

    /// <summary>The messages failed runs report, any one equally often; <c>{0}</c> becomes a row or page number.</summary>
    public IReadOnlyList<string> Errors { get; init; } = LogSeeder.VariedErrors;

    /// <summary>How often and how long an app runs, by app name; an app not listed runs at <see cref="AppRhythm.Default"/>.</summary>
    public IReadOnlyDictionary<string, AppRhythm> Apps { get; init; } = new Dictionary<string, AppRhythm>();

    /// <summary>
    /// The screenshot and log each error message links to, stored where the proxy serves them: then only failed runs
    /// link files. Null: runs link files on an example storage host that is never fetched, as robots' URLs look.
    /// </summary>
    public IReadOnlyDictionary<string, RunFileLinks>? FailureFiles { get; init; }
}

/// <summary>Runs per thousand that fail, time out, are stopped by an operator, or are lost with their robot.</summary>
public sealed record RunEndings(int Failed, int TimedOut, int Stopped, int Lost);

/// <summary>
/// An app's share of the runs (relative to other apps; 0: it never runs) and its median duration: durations are
/// log-normal around it, so most runs take about that long and a few take many times longer.
/// </summary>
public sealed record AppRhythm(double Weight, TimeSpan MedianDuration)
{
    public static readonly AppRhythm Default = new(1, TimeSpan.FromMinutes(5));
}

/// <summary>Where a run's screenshot and log are.</summary>
public sealed record RunFileLinks(string ScreenshotUrl, string LogUrl);
