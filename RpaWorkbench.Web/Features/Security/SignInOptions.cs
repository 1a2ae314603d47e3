using System.ComponentModel.DataAnnotations;
using RpaWorkbench.Core.Configuration;

namespace RpaWorkbench.Web.Features.Security;

/// <summary><c>Workbench:SignIn</c>: how many sign-in, set-up and password-change posts one address may send per window.</summary>
public sealed class SignInOptions
{
    public const string SectionName = "Workbench:SignIn";

    [NumberRange(1)]
    public int MaxAttempts { get; set; } = 10;

    [TimeSpanRange("00:00:00", MinimumIsExclusive = true)]
    public TimeSpan AttemptWindow { get; set; } = TimeSpan.FromMinutes(1);
}

[OptionsValidator]
internal sealed partial class SignInOptionsValidator : IValidateOptions<SignInOptions>;
