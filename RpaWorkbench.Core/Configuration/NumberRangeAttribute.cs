using System.ComponentModel.DataAnnotations;

namespace RpaWorkbench.Core.Configuration;

/// <summary>
/// A number setting's range (no maximum unless given), with a message that names the key. Not <see cref="RangeAttribute"/>:
/// the options generator's copy of it ignores a custom message and says "The field … must be between".
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class NumberRangeAttribute(double minimum, double maximum = double.MaxValue) : ValidationAttribute
{
    public override bool IsValid(object? value) =>
        value is null || Convert.ToDouble(value, CultureInfo.InvariantCulture) is var number && number >= minimum && number <= maximum;

    public override string FormatErrorMessage(string name) => ErrorMessage is not null
        ? string.Format(CultureInfo.InvariantCulture, ErrorMessage, name, minimum, maximum)
        : maximum == double.MaxValue
            ? string.Create(CultureInfo.InvariantCulture, $"{name} must be at least {minimum}.")
            : string.Create(CultureInfo.InvariantCulture, $"{name} must be between {minimum} and {maximum}.");
}
