using RpaWorkbench.Core.Audit;

namespace RpaWorkbench.Core.Users.Sessions;

/// <summary>One active session as the sessions lists show it; <see cref="IsCurrent"/> is the caller's own.</summary>
public sealed record SessionRow(
    string Id,
    DateTime CreatedAt,
    DateTime LastSeenAt,
    DateTime ExpiresAt,
    string? ClientAddress,
    string? UserAgent,
    bool IsCurrent);

/// <summary>
/// Who is signed in where: admins see and end any user's sessions, every user their own. Each ending is audited with the
/// session's user as the target, in the same transaction as the deletion.
/// </summary>
public sealed class SessionService(
    IDbContextFactory<WorkbenchDbContext> contexts,
    UserSessionStore sessions,
    ICurrentUser currentUser,
    AuditTrail audit,
    TimeProvider clock)
{
    /// <summary>A user's active sessions, last seen first; admins only.</summary>
    public Task<IReadOnlyList<SessionRow>> ListAsync(string userId, CancellationToken cancellationToken)
    {
        currentUser.RequireAdminister();
        return ListOfAsync(userId, cancellationToken);
    }

    /// <summary>The signed-in user's own active sessions, last seen first.</summary>
    public Task<IReadOnlyList<SessionRow>> ListOwnAsync(CancellationToken cancellationToken)
    {
        currentUser.RequireSignedIn();
        return ListOfAsync(currentUser.Id!, cancellationToken);
    }

    /// <summary>Ends one session of a user; admins only. Returns whether it was still active.</summary>
    public Task<bool> EndAsync(string userId, string sessionId, CancellationToken cancellationToken)
    {
        currentUser.RequireAdminister();
        return EndOneAsync(userId, sessionId, cancellationToken);
    }

    /// <summary>Ends one of the signed-in user's own sessions (signing out a browser left elsewhere).</summary>
    public Task<bool> EndOwnAsync(string sessionId, CancellationToken cancellationToken)
    {
        currentUser.RequireSignedIn();
        return EndOneAsync(currentUser.Id!, sessionId, cancellationToken);
    }

    /// <summary>Ends every session of a user (the admin's own included, when it is theirs); admins only. Returns how many.</summary>
    public async Task<int> EndAllAsync(string userId, CancellationToken cancellationToken)
    {
        currentUser.RequireAdminister();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var user = await UserAsync(db, userId, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var ended = await UserSessionStore.EndAllAsync(db, userId, keep: null, cancellationToken);
        if (ended == 0)
        {
            return 0;
        }

        audit.Record(db, AuditActions.UserSessionsEnded, user, new AuditChanges().Field("sessions", ended, 0));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        sessions.Announce(userId);
        return ended;
    }

    private async Task<IReadOnlyList<SessionRow>> ListOfAsync(string userId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var current = currentUser.SessionId;
        return await UserSessionStore.Valid(db, clock.GetUtcNow().UtcDateTime)
            .Where(s => s.UserId == userId)
            .OrderByDescending(s => s.LastSeenAt).ThenBy(s => s.Id)
            .Select(s => new SessionRow(s.Id, s.CreatedAt, s.LastSeenAt, s.ExpiresAt, s.ClientAddress, s.UserAgent, s.Id == current))
            .ToListAsync(cancellationToken);
    }

    private async Task<bool> EndOneAsync(string userId, string sessionId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var user = await UserAsync(db, userId, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var session = await db.UserSessions.AsNoTracking()
            .Where(s => s.Id == sessionId && s.UserId == userId)
            .Select(s => new { s.CreatedAt, s.ClientAddress })
            .SingleOrDefaultAsync(cancellationToken);
        if (session is null || await db.UserSessions.Where(s => s.Id == sessionId).ExecuteDeleteAsync(cancellationToken) == 0)
        {
            return false;
        }

        var described = string.Create(CultureInfo.InvariantCulture, $"{session.CreatedAt:yyyy-MM-dd HH:mm:ss}Z {session.ClientAddress}").TrimEnd();
        audit.Record(db, AuditActions.UserSessionEnded, user, new AuditChanges().Field("session", described, null));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        sessions.Announce(userId);
        return true;
    }

    private static async Task<AuditTarget> UserAsync(WorkbenchDbContext db, string userId, CancellationToken cancellationToken)
    {
        var userName = await db.Users.Where(u => u.Id == userId).Select(u => u.UserName).SingleOrDefaultAsync(cancellationToken)
                       ?? throw new RuleViolationException(ErrorCodes.NotFound, "This user no longer exists (it may have been deleted).");
        return new AuditTarget(AuditTargetTypes.User, userId, userName);
    }
}
