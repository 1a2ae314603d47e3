using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using RpaWorkbench.Core.Live;
using RpaWorkbench.Core.Users;
using RpaWorkbench.Core.Users.Sessions;

namespace RpaWorkbench.Web.Features.Security;

/// <summary>
/// Keeps an open circuit's user only while the sign-in session it was opened with is valid (<see cref="UserSessionStore"/>:
/// not ended, not expired, user enabled, password and role unchanged). It checks every minute, which also counts the
/// open page as use of the session, and at once when <see cref="SessionsEnded"/> names its user. A circuit lives for
/// hours; its user should not outlive a sign-out or an admin's change.
/// </summary>
internal sealed class RevalidatingUserStateProvider : RevalidatingServerAuthenticationStateProvider
{
    private readonly UserSessionStore _sessions;
    private readonly IOptionsMonitor<CookieAuthenticationOptions> _cookies;
    private readonly ILogger<RevalidatingUserStateProvider> _logger;
    private readonly IDisposable _subscription;
    private Task<AuthenticationState>? _current;

    public RevalidatingUserStateProvider(
        ILoggerFactory loggerFactory, UserSessionStore sessions, IWorkbenchEvents events, IOptionsMonitor<CookieAuthenticationOptions> cookies)
        : base(loggerFactory)
    {
        _sessions = sessions;
        _cookies = cookies;
        _logger = loggerFactory.CreateLogger<RevalidatingUserStateProvider>();
        AuthenticationStateChanged += state => _current = state;
        _subscription = events.Subscribe(OnEventsAsync);
    }

    protected override TimeSpan RevalidationInterval => SecuritySetup.RevalidationInterval;

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        SessionIsValidAsync(authenticationState.User, cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _subscription.Dispose();
        }

        base.Dispose(disposing);
    }

    private Task<bool> SessionIsValidAsync(ClaimsPrincipal user, CancellationToken cancellationToken) =>
        user.FindFirstValue(WorkbenchClaims.SessionId) is { } session
            ? _sessions.KeepAliveAsync(session, _cookies.Get(IdentityConstants.ApplicationScheme).ExpireTimeSpan, cancellationToken)
            : Task.FromResult(false);

    private async Task OnEventsAsync(IReadOnlyList<WorkbenchEvent> events)
    {
        if (_current is not { IsCompletedSuccessfully: true } current
            || current.Result.User.FindFirstValue(ClaimTypes.NameIdentifier) is not { } userId
            || !events.Any(e => e is SessionsEnded ended && ended.UserId == userId))
        {
            return;
        }

        try
        {
            if (!await SessionIsValidAsync(current.Result.User, CancellationToken.None) && ReferenceEquals(_current, current))
            {
                SetAuthenticationState(Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity()))));
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The regular check is still due within a minute; it signs the circuit out if this one could not.
            _logger.LogWarning(ex, "Could not re-check a circuit's session after its user's sessions ended");
        }
    }
}
