using System.Collections.Concurrent;

namespace RpaWorkbench.Core.ApiKeys;

/// <summary>The identity behind a valid API key.</summary>
public sealed record ApiKeyIdentity(long KeyId, string Name);

/// <summary>
/// Checks presented API keys. Valid keys are remembered for a minute so thousands of callbacks a second do not each
/// query the database; that refresh is also when "last used" is written. Revoking through
/// <see cref="ApiKeyService"/> forgets the key at once in this process.
/// </summary>
public sealed class ApiKeyAuthenticator(IDbContextFactory<WorkbenchDbContext> contexts, TimeProvider clock)
{
    private static readonly TimeSpan RememberFor = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, (ApiKeyIdentity Identity, DateTime Until)> _valid = new(StringComparer.Ordinal);

    /// <summary>The key's identity, or null when the key is unknown or revoked.</summary>
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
            .Where(k => k.Hash == hash && k.RevokedAt == null)
            .Select(k => new ApiKeyIdentity(k.Id, k.Name))
            .SingleOrDefaultAsync(cancellationToken);
        if (key is null)
        {
            _valid.TryRemove(hash, out _);
            return null;
        }

        await db.ApiKeys.Where(k => k.Id == key.KeyId)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), cancellationToken);
        _valid[hash] = (key, now + RememberFor);
        return key;
    }

    internal void Forget(string hash) => _valid.TryRemove(hash, out _);
}
