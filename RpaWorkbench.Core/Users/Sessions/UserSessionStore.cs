using RpaWorkbench.Core.Live;

namespace RpaWorkbench.Core.Users.Sessions;

/// <summary>
/// The sign-in sessions in the Workbench's database, shared by every instance on it. A session is valid while its row
/// exists, has not expired, its user is enabled and the user's security stamp is still the one the session was issued
/// with; so a change that renews the stamp ends sessions at once even when a sign-in races it. Whoever ends sessions
/// publishes <see cref="SessionsEnded"/>, so open pages (on every instance, through Redis when configured) re-check theirs.
/// </summary>
public sealed class UserSessionStore(IDbContextFactory<WorkbenchDbContext> contexts, IWorkbenchEvents events, TimeProvider clock)
{
    /// <summary>Stores a new session.</summary>
    public async Task AddAsync(UserSession session, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.UserSessions.Add(session);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The session with this id while it is valid, else null.</summary>
    public async Task<UserSession?> FindValidAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await Valid(db, Now).AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
    }

    /// <summary>
    /// Replaces the ticket of a session that is still stored (a refreshed sign-in) and marks it seen. A session that has
    /// ended stays ended; one that belongs to another user (a sign-in over someone else's cookie) ends.
    /// </summary>
    public async Task RenewAsync(UserSession renewed, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var stored = await db.UserSessions.SingleOrDefaultAsync(s => s.Id == renewed.Id, cancellationToken);
        if (stored is null)
        {
            return;
        }

        if (stored.UserId != renewed.UserId)
        {
            db.UserSessions.Remove(stored);
            await db.SaveChangesAsync(cancellationToken);
            Announce(stored.UserId);
            return;
        }

        stored.Ticket = renewed.Ticket;
        stored.SecurityStamp = renewed.SecurityStamp;
        stored.ExpiresAt = renewed.ExpiresAt;
        stored.LastSeenAt = renewed.LastSeenAt;
        stored.ClientAddress = renewed.ClientAddress ?? stored.ClientAddress;
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Ends one session (sign-out); returns whether it existed.</summary>
    public async Task<bool> RemoveAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var userId = await db.UserSessions.Where(s => s.Id == id).Select(s => s.UserId).SingleOrDefaultAsync(cancellationToken);
        if (userId is null || await db.UserSessions.Where(s => s.Id == id).ExecuteDeleteAsync(cancellationToken) == 0)
        {
            return false;
        }

        Announce(userId);
        return true;
    }

    /// <summary>
    /// For an open page: whether its session is still valid, and if so marks it seen and slides its expiry by
    /// <paramref name="lifetime"/> (an open page is use, as a request is).
    /// </summary>
    public async Task<bool> KeepAliveAsync(string id, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var now = Now;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await Valid(db, now).Where(s => s.Id == id).ExecuteUpdateAsync(set => set
            .SetProperty(s => s.LastSeenAt, now)
            .SetProperty(s => s.ExpiresAt, now + lifetime), cancellationToken) == 1;
    }

    /// <summary>Deletes the sessions that have expired; returns how many.</summary>
    public async Task<int> RemoveExpiredAsync(CancellationToken cancellationToken)
    {
        var now = Now;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.UserSessions.Where(s => s.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>
    /// Deletes the user's sessions, except <paramref name="keep"/>, in the caller's context and transaction; the caller
    /// calls <see cref="Announce"/> after committing. Returns how many ended.
    /// </summary>
    public static Task<int> EndAllAsync(WorkbenchDbContext db, string userId, string? keep, CancellationToken cancellationToken) =>
        db.UserSessions.Where(s => s.UserId == userId && s.Id != keep).ExecuteDeleteAsync(cancellationToken);

    /// <summary>Tells open pages of the user (on every instance) that sessions of theirs ended.</summary>
    public void Announce(string userId) => events.Publish([new SessionsEnded(userId)]);

    /// <summary>The valid sessions (see the class summary).</summary>
    internal static IQueryable<UserSession> Valid(WorkbenchDbContext db, DateTime now) =>
        db.UserSessions.Where(s => s.ExpiresAt > now
                                   && db.Users.Any(u => u.Id == s.UserId && !u.IsDisabled && u.SecurityStamp == s.SecurityStamp));

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
