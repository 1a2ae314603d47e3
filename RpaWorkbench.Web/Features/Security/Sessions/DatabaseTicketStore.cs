using System.Buffers.Text;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using RpaWorkbench.Core.Users;
using RpaWorkbench.Core.Users.Sessions;

namespace RpaWorkbench.Web.Features.Security.Sessions;

/// <summary>
/// The sign-in cookie's <see cref="ITicketStore"/>: the cookie carries a random 256-bit session key (inside the
/// cookie's own protection), the database keeps the ticket under the key's SHA-256 (<see cref="UserSessionStore"/>).
/// Sign-out deletes the row, so a copied cookie is worthless afterwards, on every instance sharing the database.
/// </summary>
internal sealed class DatabaseTicketStore(
    UserSessionStore sessions,
    IDataProtectionProvider protection,
    IOptions<IdentityOptions> identity,
    TimeProvider clock,
    ILogger<DatabaseTicketStore> logger) : ITicketStore
{
    private const int KeyBytes = 32;
    private readonly IDataProtector _protector = protection.CreateProtector("RpaWorkbench.Sessions.Ticket");

    public Task<string> StoreAsync(AuthenticationTicket ticket) => StoreAsync(ticket, null, CancellationToken.None);

    public Task<string> StoreAsync(AuthenticationTicket ticket, CancellationToken cancellationToken) => StoreAsync(ticket, null, cancellationToken);

    public async Task<string> StoreAsync(AuthenticationTicket ticket, HttpContext? httpContext, CancellationToken cancellationToken)
    {
        var key = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(KeyBytes));
        var session = Row(SessionClient.Hash(key), ticket, httpContext);
        session.CreatedAt = session.LastSeenAt;
        session.UserAgent = SessionClient.UserAgent(httpContext?.Request.Headers.UserAgent);
        await sessions.AddAsync(session, cancellationToken);
        return key;
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket) => RenewAsync(key, ticket, null, CancellationToken.None);

    public Task RenewAsync(string key, AuthenticationTicket ticket, CancellationToken cancellationToken) => RenewAsync(key, ticket, null, cancellationToken);

    public Task RenewAsync(string key, AuthenticationTicket ticket, HttpContext? httpContext, CancellationToken cancellationToken) =>
        sessions.RenewAsync(Row(SessionClient.Hash(key), ticket, httpContext), cancellationToken);

    public Task<AuthenticationTicket?> RetrieveAsync(string key) => RetrieveAsync(key, null, CancellationToken.None);

    public Task<AuthenticationTicket?> RetrieveAsync(string key, CancellationToken cancellationToken) => RetrieveAsync(key, null, cancellationToken);

    public async Task<AuthenticationTicket?> RetrieveAsync(string key, HttpContext? httpContext, CancellationToken cancellationToken)
    {
        var id = SessionClient.Hash(key);
        if (await sessions.FindValidAsync(id, cancellationToken) is not { } session || Read(session) is not { } ticket)
        {
            return null;
        }

        // The row is the truth about expiry: an open page slides it without a request that could re-issue the ticket.
        ticket.Properties.IssuedUtc = new DateTimeOffset(session.LastSeenAt, TimeSpan.Zero);
        ticket.Properties.ExpiresUtc = new DateTimeOffset(session.ExpiresAt, TimeSpan.Zero);
        if (ticket.Principal.Identity is ClaimsIdentity signedIn && !signedIn.HasClaim(c => c.Type == WorkbenchClaims.SessionId))
        {
            signedIn.AddClaim(new Claim(WorkbenchClaims.SessionId, id));
        }

        return ticket;
    }

    public Task RemoveAsync(string key) => RemoveAsync(key, null, CancellationToken.None);

    public Task RemoveAsync(string key, CancellationToken cancellationToken) => RemoveAsync(key, null, cancellationToken);

    public Task RemoveAsync(string key, HttpContext? httpContext, CancellationToken cancellationToken) =>
        sessions.RemoveAsync(SessionClient.Hash(key), cancellationToken);

    private UserSession Row(string id, AuthenticationTicket ticket, HttpContext? httpContext)
    {
        var claims = identity.Value.ClaimsIdentity;
        var now = clock.GetUtcNow().UtcDateTime;
        return new UserSession
        {
            Id = id,
            UserId = ticket.Principal.FindFirstValue(claims.UserIdClaimType)
                     ?? throw new InvalidOperationException("A sign-in ticket without the user's id cannot be stored."),
            SecurityStamp = ticket.Principal.FindFirstValue(claims.SecurityStampClaimType),
            Ticket = Protect(ticket),
            // When the handler issued or refreshed the ticket: the expiry below is counted from the same instant.
            LastSeenAt = ticket.Properties.IssuedUtc?.UtcDateTime ?? now,
            // The cookie handler sets it on every sign-in and refresh (ExpireTimeSpan, sliding).
            ExpiresAt = ticket.Properties.ExpiresUtc?.UtcDateTime
                        ?? throw new InvalidOperationException("A sign-in ticket without an expiry cannot be stored."),
            ClientAddress = SessionClient.Address(httpContext?.Connection.RemoteIpAddress?.ToString()),
        };
    }

    // The session's own id is derived from the key on every read, never stored with the ticket.
    private byte[] Protect(AuthenticationTicket ticket)
    {
        foreach (var signedIn in ticket.Principal.Identities)
        {
            foreach (var session in signedIn.FindAll(WorkbenchClaims.SessionId).ToList())
            {
                signedIn.RemoveClaim(session);
            }
        }

        return _protector.Protect(TicketSerializer.Default.Serialize(ticket));
    }

    private AuthenticationTicket? Read(UserSession session)
    {
        try
        {
            return TicketSerializer.Default.Deserialize(_protector.Unprotect(session.Ticket));
        }
        catch (CryptographicException ex)
        {
            // The keys that protected it are gone (a new keys folder): the session cannot be used; the user signs in again.
            logger.LogWarning(ex, "A stored sign-in session could not be read with the current keys; it is treated as ended");
            return null;
        }
    }
}
