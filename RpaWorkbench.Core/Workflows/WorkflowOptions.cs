using RpaWorkbench.Core.Configuration;

namespace RpaWorkbench.Core.Workflows;

/// <summary>How workflow runs are served, and the secrets their HTTP steps reference (<c>Workbench:Workflows</c>).</summary>
public sealed class WorkflowOptions
{
    public const string SectionName = "Workbench:Workflows";

    /// <summary>Off: this process advances no workflow run (a Workbench that only serves pages beside one that runs them).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>A pass runs at least this often; live events (a run started, a step's robot run ended) wake it sooner.</summary>
    [TimeSpanRange("00:00:00", "00:01:00", MinimumIsExclusive = true)]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>After a live event the pass waits this long, so a burst of events makes one pass.</summary>
    [TimeSpanRange("00:00:00", "00:00:05")]
    public TimeSpan WakeDebounce { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// An HTTP step's attempt in flight this long past its timeout was interrupted (the Workbench that sent it stopped):
    /// it fails as interrupted and its retry policy applies.
    /// </summary>
    [TimeSpanRange("00:00:00", "01:00:00")]
    public TimeSpan InterruptedGrace { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A run that has made this many step attempts fails (a guard against a go-to loop that never ends).</summary>
    [NumberRange(1, 10_000)]
    public int MaxAttemptsPerRun { get; set; } = 200;

    /// <summary>
    /// Values HTTP steps reference as <c>{{ secrets.name }}</c> (set them as environment variables,
    /// <c>Workbench__Workflows__Secrets__name</c>): never stored in a definition, a run's inputs or its log, never shown.
    /// </summary>
    public Dictionary<string, string> Secrets { get; set; } = new(StringComparer.Ordinal);
}

[OptionsValidator]
internal sealed partial class WorkflowOptionsValidator : IValidateOptions<WorkflowOptions>;
