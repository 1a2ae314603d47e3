using Microsoft.AspNetCore.Identity;
using RpaWorkbench.Core.Audit;

namespace RpaWorkbench.Core.ApiKeys;

/// <summary>What operators see of a key (never the secret). <see cref="Owner"/> is the owner's user name.</summary>
public sealed record ApiKeyInfo(
    long Id, string Name, string Prefix, string Scope, string? Owner, string? CreatedBy, DateTime CreatedAt, DateTime? ExpiresAt,
    DateTime? LastUsedAt, DateTime? RevokedAt);

/// <summary>
/// A key to create: its name, scope (<see cref="ApiKeyScopes"/>, robot when null), optional expiry (UTC), and owner's
/// user name (the current user when null; the command line's first admin).
/// </summary>
public sealed record NewApiKey(string? Name, string? Scope = null, DateTime? ExpiresAt = null, string? Owner = null);

/// <summary>A key just created: <see cref="Secret"/> is shown once and never stored.</summary>
public sealed record CreatedApiKey(ApiKeyInfo Key, string Secret);

/// <summary>Creates, lists and revokes API keys: admins only (the command line acts as one); every change is audited.</summary>
public sealed class ApiKeyService(
    IDbContextFactory<WorkbenchDbContext> contexts,
    ApiKeyAuthenticator authenticator,
    ICurrentUser user,
    AuditTrail audit,
    TimeProvider clock,
    ILookupNormalizer normalizer,
    ILogger<ApiKeyService> logger)
{
    public const int MaxNameLength = 100;
    public const int MaxPageSize = 500;
    public const string NameField = "name";
    public const string ScopeField = "scope";
    public const string ExpiresField = "expires_at";
    public const string OwnerField = "owner";
    public const string BootstrapName = "bootstrap";

    /// <summary>
    /// Creates a key owned by <see cref="NewApiKey.Owner"/> (else the current user); the secret is in the result only.
    /// A scope above the owner's role is refused: a key never does more than its owner may.
    /// </summary>
    public async Task<CreatedApiKey> CreateAsync(NewApiKey input, CancellationToken cancellationToken)
    {
        user.RequireAdminister();
        var name = CheckName(input.Name);
        var scope = input.Scope ?? ApiKeyScopes.Robot;
        if (!ApiKeyScopes.IsValid(scope))
        {
            throw Invalid(ScopeField, ErrorCodes.InvalidValue, $"The scope must be one of: {string.Join(", ", ApiKeyScopes.All)}.");
        }

        if (input.ExpiresAt is { } expires && expires <= clock.GetUtcNow().UtcDateTime)
        {
            throw Invalid(ExpiresField, ErrorCodes.InvalidValue, "The expiry must be in the future.");
        }

        KeyOwner? owner;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            owner = await ApiKeyOwners.ResolveAsync(db, normalizer, input.Owner, user, cancellationToken);
        }

        if (owner is null ? scope != ApiKeyScopes.Robot : !ApiKeyScopes.OwnerMayGrant(scope, owner.Roles))
        {
            throw Invalid(ScopeField, ErrorCodes.InvalidValue, owner is null
                ? "Only a robot key can be made without an owner; name an owner."
                : $"{owner.UserName}'s role does not allow a key with the scope '{scope}'.");
        }

        var secret = ApiKeySecret.Generate();
        var key = await StoreAsync(new ApiKey
        {
            Name = name, Prefix = ApiKeySecret.PrefixOf(secret), Hash = ApiKeySecret.Hash(secret), Scope = scope,
            OwnerId = owner?.Id, CreatedBy = user.Name, ExpiresAt = input.ExpiresAt,
        }, owner?.UserName, cancellationToken);
        logger.LogInformation("API key {KeyId} ({Name}, {Prefix}, {Scope}) created by {CreatedBy} for {Owner}", key.Id, key.Name, key.Prefix, key.Scope, key.CreatedBy, key.Owner);
        return new CreatedApiKey(key, secret);
    }

    /// <summary>One page of keys, newest first, with the number of keys.</summary>
    public async Task<PageResult<ApiKeyInfo>> ListAsync(int page, int pageSize, CancellationToken cancellationToken)
    {
        user.RequireAdminister();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var size = Math.Clamp(pageSize, 1, MaxPageSize);
        var total = await db.ApiKeys.CountAsync(cancellationToken);
        var items = await db.ApiKeys.AsNoTracking().OrderByDescending(k => k.Id)
            .Skip(Math.Max(page, 0) * size)
            .Take(size)
            .Select(k => new ApiKeyInfo(k.Id, k.Name, k.Prefix, k.Scope, db.Users.Where(u => u.Id == k.OwnerId).Select(u => u.UserName).FirstOrDefault(),
                k.CreatedBy, k.CreatedAt, k.ExpiresAt, k.LastUsedAt, k.RevokedAt))
            .ToListAsync(cancellationToken);
        return new PageResult<ApiKeyInfo>(items, total);
    }

    /// <summary>Revokes a key; callers using it get 401 from then on. Revoking a revoked key changes nothing.</summary>
    public async Task RevokeAsync(long id, CancellationToken cancellationToken)
    {
        user.RequireAdminister();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == id, cancellationToken)
                  ?? throw new RuleViolationException(ErrorCodes.NotFound, $"API key {id} does not exist.");
        if (key.RevokedAt is null)
        {
            key.RevokedAt = clock.GetUtcNow().UtcDateTime;
            audit.Record(db, AuditActions.ApiKeyRevoked, Target(key.Id, key.Name), new AuditChanges().Field("revoked", false, true));
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("API key {KeyId} ({Name}) revoked", key.Id, key.Name);
        }

        authenticator.Forget(key.Hash);
    }

    /// <summary>
    /// A key for a part of the Workbench itself (the simulated robot), not for a person: no signed-in user, recorded as
    /// created by <paramref name="createdBy"/>, and the earlier keys of that name and creator revoked.
    /// </summary>
    internal async Task<CreatedApiKey> RenewSystemKeyAsync(string name, string createdBy, CancellationToken cancellationToken)
    {
        var secret = ApiKeySecret.Generate();
        var key = await StoreAsync(SystemKey(name, secret, createdBy), null, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var earlier = await db.ApiKeys
            .Where(k => k.Name == name && k.CreatedBy == createdBy && k.RevokedAt == null && k.Id != key.Id)
            .ToListAsync(cancellationToken);
        foreach (var old in earlier)
        {
            old.RevokedAt = clock.GetUtcNow().UtcDateTime;
            authenticator.Forget(old.Hash);
        }

        await db.SaveChangesAsync(cancellationToken);
        return new CreatedApiKey(key, secret);
    }

    /// <summary>Accepts a key given in configuration, so a deployment can be scripted. Does nothing if it is known.</summary>
    public async Task EnsureBootstrapKeyAsync(string secret, CancellationToken cancellationToken)
    {
        if (secret.Length < ApiKeySecret.MinLength)
        {
            throw new InvalidOperationException($"Workbench:Bootstrap:WebhookApiKey must be at least {ApiKeySecret.MinLength} characters.");
        }

        var hash = ApiKeySecret.Hash(secret);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.ApiKeys.AnyAsync(k => k.Hash == hash, cancellationToken))
        {
            await StoreAsync(SystemKey(BootstrapName, secret, "configuration"), null, cancellationToken);
        }
    }

    private static ApiKey SystemKey(string name, string secret, string createdBy) => new()
    {
        Name = name, Prefix = ApiKeySecret.PrefixOf(secret), Hash = ApiKeySecret.Hash(secret), Scope = ApiKeyScopes.Robot, CreatedBy = createdBy,
    };

    private async Task<ApiKeyInfo> StoreAsync(ApiKey key, string? owner, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        key.CreatedAt = clock.GetUtcNow().UtcDateTime;
        // The entry names the new id, so the key is inserted first; the transaction keeps the two together.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        audit.Record(db, AuditActions.ApiKeyCreated, Target(key.Id, key.Name), new AuditChanges()
            .Field(NameField, null, key.Name).Field("prefix", null, key.Prefix).Field(ScopeField, null, key.Scope)
            .Field(OwnerField, null, owner).Field(ExpiresField, null, key.ExpiresAt?.ToString("O", CultureInfo.InvariantCulture)));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new ApiKeyInfo(key.Id, key.Name, key.Prefix, key.Scope, owner, key.CreatedBy, key.CreatedAt, key.ExpiresAt, key.LastUsedAt, key.RevokedAt);
    }

    private static string CheckName(string? name)
    {
        var trimmed = name?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            throw Invalid(NameField, ErrorCodes.Required, "A key needs a name.");
        }

        if (trimmed.Length > MaxNameLength)
        {
            throw new ValidationFailedException([new FieldError(NameField, ErrorCodes.TooLong, $"At most {MaxNameLength} characters.", MaxNameLength)]);
        }

        return IdentifierText.Check(NameField, "A key's name", trimmed) is { } hidden ? throw new ValidationFailedException([hidden]) : trimmed;
    }

    private static ValidationFailedException Invalid(string field, string code, string message) => new([new FieldError(field, code, message)]);

    private static AuditTarget Target(long id, string name) =>
        new(AuditTargetTypes.ApiKey, id.ToString(CultureInfo.InvariantCulture), name);
}
