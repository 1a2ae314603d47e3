namespace RpaWorkbench.Web.Features.Security;

/// <summary><c>Workbench:SignIn</c>: how many sign-in, set-up and password-change posts one address may send per window.</summary>
public sealed class SignInOptions
{
    public const string SectionName = "Workbench:SignIn";

    public int MaxAttempts { get; set; } = 10;

    public TimeSpan AttemptWindow { get; set; } = TimeSpan.FromMinutes(1);
}
