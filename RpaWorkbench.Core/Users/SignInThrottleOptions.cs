using System.ComponentModel.DataAnnotations;

namespace RpaWorkbench.Core.Users;

/// <summary>
/// <c>Workbench:SignIn:Throttle</c>: how failed sign-ins slow further attempts down. Past the free failures, each
/// further failure makes the next attempt wait twice as long as the one before (<see cref="FirstDelay"/>, then twice
/// that, …), up to a ceiling: per client address (whatever names it types) and, only after many more failures from
/// anywhere, per user.
/// </summary>
public sealed class SignInThrottleOptions : IValidatableObject
{
    public const string SectionName = "Workbench:SignIn:Throttle";

    /// <summary>Failed sign-ins one client address (an IPv6 /64) may make before it has to wait.</summary>
    [NumberRange(1)]
    public int FreeFailuresPerAddress { get; set; } = 10;

    /// <summary>Failed sign-ins for one user, from any address, before that user's next attempt has to wait.</summary>
    [NumberRange(1)]
    public int FreeFailuresPerUser { get; set; } = 20;

    /// <summary>The wait after the first failure past the free ones; each further failure doubles it.</summary>
    [TimeSpanRange("00:00:00", MinimumIsExclusive = true)]
    public TimeSpan FirstDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest an address has to wait.</summary>
    public TimeSpan MaxAddressDelay { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// The longest a user has to wait. Short on purpose: attackers from many addresses can make a user wait, so the
    /// wait must stay a nuisance, not a lockout.
    /// </summary>
    public TimeSpan MaxUserDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>An address's failures are forgotten once it has not failed for this long.</summary>
    public TimeSpan ForgetAfter { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The wait after <paramref name="failures"/> failures when <paramref name="free"/> of them cost nothing.</summary>
    public TimeSpan DelayAfter(int failures, int free, TimeSpan ceiling)
    {
        var beyond = failures - free;
        if (beyond <= 0)
        {
            return TimeSpan.Zero;
        }

        // 2^30 times any sensible first delay is far past any ceiling; the cap keeps the arithmetic from overflowing.
        var doubled = FirstDelay * Math.Pow(2, Math.Min(beyond - 1, 30));
        return doubled < ceiling ? doubled : ceiling;
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxAddressDelay < FirstDelay || MaxUserDelay < FirstDelay)
        {
            yield return new ValidationResult(
                $"{SectionName}:{nameof(FirstDelay)} must not be above {SectionName}:{nameof(MaxAddressDelay)} or {SectionName}:{nameof(MaxUserDelay)}.");
        }

        // Else an address waiting out the longest delay would be forgotten, and start over with free failures.
        if (ForgetAfter <= MaxAddressDelay)
        {
            yield return new ValidationResult($"{SectionName}:{nameof(ForgetAfter)} must be longer than {SectionName}:{nameof(MaxAddressDelay)}.");
        }
    }
}

[OptionsValidator]
internal sealed partial class SignInThrottleOptionsValidator : IValidateOptions<SignInThrottleOptions>;
