using System.Net;
using Microsoft.AspNetCore.Identity;
using RpaWorkbench.Core.Users;

namespace RpaWorkbench.Web.Features.Users;

/// <summary>How a password sign-in ended, as the form tells it: signed in; refused; or refused unchecked until <paramref name="Wait"/> has passed.</summary>
public readonly record struct PasswordSignInResult(bool Succeeded, TimeSpan Wait);

/// <summary>
/// A password sign-in from the form. While the client's address must wait after repeated failures it is refused
/// unchecked, whatever name it names. Otherwise Identity checks it: a user who must wait, a disabled user and a name
/// that is nobody's are refused exactly like a wrong password, at the same cost (a password hash); a failure counts
/// against the address and the user (<see cref="SignInThrottle"/>). Every attempt is audited.
/// </summary>
public sealed class PasswordSignIn(SignInManager<WorkbenchUser> signIn, SignInThrottle throttle, UserService users, ILogger<PasswordSignIn> logger)
{
    public async Task<PasswordSignInResult> AttemptAsync(string userName, string password, IPAddress? from)
    {
        // Not cancelled with the request: the attempt happened, and counts, even if the browser left.
        var cancellationToken = CancellationToken.None;
        var wait = await throttle.WaitForAsync(from, cancellationToken);
        if (wait > TimeSpan.Zero)
        {
            logger.LogWarning("Sign-in from {RemoteIp} refused unchecked: the address waits {Wait} after repeated failures", from, wait);
            await users.RecordSignInAsync(userName, SignInOutcome.Throttled, cancellationToken);
            return new PasswordSignInResult(false, wait);
        }

        var result = await signIn.PasswordSignInAsync(userName, password, isPersistent: false, lockoutOnFailure: false);
        if (!result.Succeeded)
        {
            await throttle.RecordFailureAsync(userName, from, countForUser: !result.IsLockedOut && !result.IsNotAllowed, cancellationToken);
        }

        await users.RecordSignInAsync(userName, Outcome(result), cancellationToken);
        if (result.Succeeded)
        {
            logger.LogInformation("{UserName} signed in from {RemoteIp}", userName, from);
        }
        else if (result.IsLockedOut)
        {
            logger.LogWarning("Sign-in as {UserName} from {RemoteIp} refused: the user waits after repeated failures", userName, from);
        }
        else
        {
            // The typed name is not logged: people type their password into the wrong field.
            logger.LogInformation("Sign-in failed from {RemoteIp}", from);
        }

        return new PasswordSignInResult(result.Succeeded, TimeSpan.Zero);
    }

    private static SignInOutcome Outcome(SignInResult result) =>
        result.Succeeded ? SignInOutcome.Succeeded : result.IsLockedOut ? SignInOutcome.LockedOut : SignInOutcome.Failed;
}
