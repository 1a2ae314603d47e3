using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using RpaWorkbench.Core.Common;
using RpaWorkbench.Core.Data;

namespace RpaWorkbench.Core.Security;

/// <summary>What operators see of a key (never the secret).</summary>
public sealed record ApiKeyInfo(long Id, string Name, string Prefix, string? CreatedBy, DateTime CreatedAt, DateTime? LastUsedAt, DateTime? RevokedAt);

/// <summary>A key just created: <see cref="Secret"/> is shown once and never stored.</summary>
public sealed record CreatedApiKey(ApiKeyInfo Key, string Secret);

/// <summary>Creates, lists and revokes API keys.</summary>
public sealed class ApiKeyService(
    IDbContextFactory<WorkbenchDbContext> contexts,
    ApiKeyAuthenticator authenticator,
    TimeProvider clock,
    ILogger<ApiKeyService> logger)
{
    public const int MaxNameLength = 100;
    public const string BootstrapName = "bootstrap";

    /// <summary>Creates a key named <paramref name="name"/>; the secret is in the result only.</summary>
    public async Task<CreatedApiKey> CreateAsync(string? name, string? createdBy, CancellationToken cancellationToken)
    {
        var trimmed = name?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > MaxNameLength)
        {
            throw new ValidationFailedException([new FieldError("name", ErrorCodes.Required, $"A key needs a name of 1 to {MaxNameLength} characters.")]);
        }

        var secret = ApiKeySecret.Generate();
        var key = await StoreAsync(trimmed, secret, createdBy, cancellationToken);
        logger.LogInformation("API key {KeyId} ({Name}, {Prefix}) created by {CreatedBy}", key.Id, key.Name, key.Prefix, createdBy);
        return new CreatedApiKey(key, secret);
    }

    /// <summary>Every key, newest first.</summary>
    public async Task<IReadOnlyList<ApiKeyInfo>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.ApiKeys.AsNoTracking().OrderByDescending(k => k.Id)
            .Select(k => new ApiKeyInfo(k.Id, k.Name, k.Prefix, k.CreatedBy, k.CreatedAt, k.LastUsedAt, k.RevokedAt))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Revokes a key; callers using it get 401 from then on.</summary>
    public async Task RevokeAsync(long id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == id, cancellationToken)
                  ?? throw new RuleViolationException(ErrorCodes.NotFound, $"API key {id} does not exist.");
        key.RevokedAt ??= clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        authenticator.Forget(key.Hash);
        logger.LogInformation("API key {KeyId} ({Name}) revoked", key.Id, key.Name);
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
            await StoreAsync(BootstrapName, secret, "configuration", cancellationToken);
        }
    }

    private async Task<ApiKeyInfo> StoreAsync(string name, string secret, string? createdBy, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var key = new ApiKey
        {
            Name = name,
            Prefix = ApiKeySecret.PrefixOf(secret),
            Hash = ApiKeySecret.Hash(secret),
            CreatedBy = createdBy,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        return new ApiKeyInfo(key.Id, key.Name, key.Prefix, key.CreatedBy, key.CreatedAt, key.LastUsedAt, key.RevokedAt);
    }
}
