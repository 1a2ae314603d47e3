using System.ComponentModel.DataAnnotations;

namespace RpaWorkbench.Core.Robots.Simulation;

/// <summary><c>Workbench:Robots:Simulation</c>: how the simulated robot paces its runs (used when the mode is Simulated).</summary>
internal sealed class SimulatedRobotOptions : IValidatableObject
{
    public const string SectionName = "Workbench:Robots:Simulation";

    /// <summary>From an accepted start to the robot's <c>confirm</c> callback (a real robot opens the app first).</summary>
    [TimeSpanRange("00:00:00")]
    public TimeSpan ConfirmDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Shortest run, from confirm to <c>execution-complete</c>.</summary>
    [TimeSpanRange("00:00:00")]
    public TimeSpan MinRunDuration { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Longest run; each run takes a random time between the two.</summary>
    public TimeSpan MaxRunDuration { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>Share of runs that end <c>failed</c> with a realistic error (0 = never, 1 = always).</summary>
    [NumberRange(0, 1)]
    public double FailureRate { get; set; } = 0.2;

    /// <summary>How often every registered robot sends a heartbeat; <c>00:00:00</c> sends none.</summary>
    [TimeSpanRange("00:00:00", ErrorMessage = "{0} must not be negative (00:00:00 sends none).")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(30);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxRunDuration < MinRunDuration)
        {
            yield return new ValidationResult($"{SectionName}:{nameof(MinRunDuration)} must not be above {SectionName}:{nameof(MaxRunDuration)}.");
        }
    }
}

[OptionsValidator]
internal sealed partial class SimulatedRobotOptionsValidator : IValidateOptions<SimulatedRobotOptions>;
