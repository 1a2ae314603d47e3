using System.Collections.Concurrent;

namespace RpaWorkbench.Core.ApiKeys;

/// <summary>
/// The identity behind a valid API key: the role it acts with (<see cref="Roles.Robot"/> or a Workbench role capped by
/// its owner's) and its owner's user name (null for the Workbench's own keys).
/// </summary>
public sealed record ApiKeyIdentity(long KeyId, string Name, string Role, string? OwnerId, string? Owner);

/// <summary>
/// Checks presented API keys. Valid keys are remembered for a minute (never past their expiry) so thousands of
/// callbacks a second do not each query the database; that refresh is also when "last used" is written, so at most
/// once a minute per key. Revoking a key, or changing its owner's role or state through the Core services, forgets
/// it at once in this process (other instances within the minute).
/// </summary>
public sealed class ApiKeyAuthenticator(IDbContextFactory<WorkbenchDbContext> contexts, TimeProvider clock)
{
    private static readonly TimeSpan RememberFor = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, (ApiKeyIdentity Identity, DateTime Until)> _valid = new(StringComparer.Ordinal);

    /// <summary>The key's identity, or null when the key is unknown, revoked, expired, or its owner may no longer use it.</summary>
    public async ValueTask<ApiKeyIdentity?> AuthenticateAsync(string presented, CancellationToken cancellationToken)
    {
        if (presented.Length < ApiKeySecret.MinLength || presented.Length > 512)
        {
            return null;
        }

        var hash = ApiKeySecret.Hash(presented);
        var now = clock.GetUtcNow().UtcDateTime;
        if (_valid.TryGetValue(hash, out var remembered) && remembered.Until > now)
        {
            return remembered.Identity;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var key = await db.ApiKeys.AsNoTracking()
            .Where(k => k.Hash == hash && k.RevokedAt == null && (k.ExpiresAt == null || k.ExpiresAt > now))
            .Select(k => new { k.Id, k.Name, k.Scope, k.OwnerId, k.ExpiresAt })
            .SingleOrDefaultAsync(cancellationToken);
        var identity = key is null ? null : await IdentityAsync(db, key.Id, key.Name, key.Scope, key.OwnerId, cancellationToken);
        if (identity is null)
        {
            _valid.TryRemove(hash, out _);
            return null;
        }

        await db.ApiKeys.Where(k => k.Id == identity.KeyId)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), cancellationToken);
        var until = now + RememberFor;
        _valid[hash] = (identity, key!.ExpiresAt is { } expires && expires < until ? expires : until);
        return identity;
    }

    internal void Forget(string hash) => _valid.TryRemove(hash, out _);

    /// <summary>Forgets the keys of a user whose role or state changed, so they are judged again on their next use.</summary>
    internal void ForgetOwner(string userId)
    {
        foreach (var (hash, remembered) in _valid)
        {
            if (remembered.Identity.OwnerId == userId)
            {
                _valid.TryRemove(hash, out _);
            }
        }
    }

    // Keys without an owner are the Workbench's own robot keys; a key whose owner is gone or disabled is refused.
    private static async Task<ApiKeyIdentity?> IdentityAsync(
        WorkbenchDbContext db, long id, string name, string scope, string? ownerId, CancellationToken cancellationToken)
    {
        if (ownerId is null)
        {
            return scope == ApiKeyScopes.Robot ? new ApiKeyIdentity(id, name, Roles.Robot, null, null) : null;
        }

        var owner = await db.Users.AsNoTracking().Where(u => u.Id == ownerId && !u.IsDisabled)
            .Select(u => u.UserName).SingleOrDefaultAsync(cancellationToken);
        if (owner is null)
        {
            return null;
        }

        var ownerRoles = await OwnerRoles.OfAsync(db, ownerId, cancellationToken);
        return ApiKeyScopes.EffectiveRole(scope, ownerRoles) is { } role ? new ApiKeyIdentity(id, name, role, ownerId, owner) : null;
    }
}

/// <summary>The Workbench roles of a user, read straight from Identity's tables.</summary>
internal static class OwnerRoles
{
    public static Task<List<string>> OfAsync(WorkbenchDbContext db, string userId, CancellationToken cancellationToken) =>
        db.UserRoles.Where(ur => ur.UserId == userId)
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!)
            .ToListAsync(cancellationToken);
}
