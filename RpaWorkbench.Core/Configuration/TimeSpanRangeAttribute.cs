using System.ComponentModel.DataAnnotations;

namespace RpaWorkbench.Core.Configuration;

/// <summary>
/// A time setting's range (<c>[d.]hh:mm:ss</c> limits; no maximum when <paramref name="maximum"/> is null), with a message
/// that reads as a sentence. <see cref="RangeAttribute"/>'s generated copy drops a custom message once the minimum is
/// exclusive, and "positive" is the most common rule here.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class TimeSpanRangeAttribute(string minimum, string? maximum = null) : ValidationAttribute
{
    private readonly TimeSpan _minimum = TimeSpan.Parse(minimum, CultureInfo.InvariantCulture);
    private readonly TimeSpan? _maximum = maximum is null ? null : TimeSpan.Parse(maximum, CultureInfo.InvariantCulture);

    /// <summary>The minimum itself is refused (<c>"00:00:00"</c> then means "positive").</summary>
    public bool MinimumIsExclusive { get; init; }

    public override bool IsValid(object? value) =>
        value is not TimeSpan time
        || ((MinimumIsExclusive ? time > _minimum : time >= _minimum) && (_maximum is not { } most || time <= most));

    public override string FormatErrorMessage(string name) => ErrorMessage is not null
        ? string.Format(CultureInfo.InvariantCulture, ErrorMessage, name)
        : (MinimumIsExclusive, _minimum == TimeSpan.Zero, _maximum) switch
        {
            (true, true, null) => $"{name} must be positive.",
            (false, true, null) => $"{name} must not be negative.",
            (true, _, null) => $"{name} must be more than {_minimum:c}.",
            (false, _, null) => $"{name} must be at least {_minimum:c}.",
            (true, _, { } most) => $"{name} must be more than {_minimum:c} and at most {most:c}.",
            (false, _, { } most) => $"{name} must be between {_minimum:c} and {most:c}.",
        };
}
