using System.ComponentModel.DataAnnotations;

namespace RpaWorkbench.Core.Robots;

/// <summary>How the Workbench reaches robot agents (<c>Workbench:Robots</c>).</summary>
public sealed class RobotOptions : IValidatableObject
{
    public const string SectionName = "Workbench:Robots";

    /// <summary>
    /// Direct (<c>http://{host}:{port}</c>), Tunnel (through <see cref="TunnelBaseUrl"/>), ShadowBot (jobs through the
    /// ShadowBot OpenAPI, <c>Workbench:ShadowBot</c>) or Simulated.
    /// </summary>
    public RobotMode Mode { get; set; } = RobotMode.Direct;

    /// <summary>The intranet tunnel's base URL; the account's task control is appended as a path segment.</summary>
    public Uri? TunnelBaseUrl { get; set; }

    /// <summary>Path of the agent's start endpoint, relative to the robot's base address.</summary>
    public string StartPath { get; set; } = "start";

    /// <summary>Path of the agent's stop endpoint, relative to the robot's base address.</summary>
    public string StopPath { get; set; } = "stop";

    /// <summary>How long one attempt may take before it is abandoned (and retried).</summary>
    [TimeSpanRange("00:00:00", MinimumIsExclusive = true)]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Retries after the first attempt, with exponential backoff, for timeouts, 5xx and connection errors.</summary>
    [NumberRange(0, 10)]
    public int MaxRetries { get; set; } = 2;

    /// <summary>First backoff delay; doubled for each retry.</summary>
    [TimeSpanRange("00:00:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>A run with no completion callback after this long is marked timed out (a task may override it).</summary>
    [TimeSpanRange("00:00:00", MinimumIsExclusive = true)]
    public TimeSpan RunTimeout { get; set; } = TimeSpan.FromHours(2);

    /// <summary>A robot that accepted a stop but has not reported the run's end after this long is marked stopped.</summary>
    [TimeSpanRange("00:00:00", MinimumIsExclusive = true)]
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often the run watchdog looks for runs nobody will end.</summary>
    [TimeSpanRange("00:00:00", MinimumIsExclusive = true)]
    public TimeSpan WatchdogInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Upper bound for every attempt and backoff together.</summary>
    public TimeSpan TotalTimeout => AttemptTimeout * (MaxRetries + 1) + RetryDelay * ((1 << MaxRetries) - 1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Mode == RobotMode.Tunnel && TunnelBaseUrl is not { IsAbsoluteUri: true })
        {
            yield return new ValidationResult(
                $"{SectionName}:{nameof(TunnelBaseUrl)} must be an absolute URL when {SectionName}:{nameof(Mode)} is {nameof(RobotMode.Tunnel)}.");
        }
    }
}

[OptionsValidator]
internal sealed partial class RobotOptionsValidator : IValidateOptions<RobotOptions>;

public enum RobotMode
{
    Direct,
    Tunnel,
    Simulated,
    ShadowBot,
}
